"""Indexes found by the benchmark: the board's closed columns ordered by the last
change, and the postings of a term within an organisation readable from the index
alone, heaviest first (search and similar ideas)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_default_criteria")]

    operations = [
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(fields=["organisation", "status", "-updated_at"], name="idea_org_status_updated"),
        ),
        migrations.RemoveIndex(model_name="ideaterm", name="ideaterm_org_term"),
        migrations.AddIndex(
            model_name="ideaterm",
            index=models.Index(fields=["organisation", "term", "-weight"], include=["idea"],
                               name="ideaterm_org_term_weight"),
        ),
    ]
