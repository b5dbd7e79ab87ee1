"""The search index refers to vocabulary terms by integer id (narrower postings,
faster writes). The index is derived data: it is dropped and created anew; run
``latu reindex-deeds`` to fill it from the published deeds."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tori", "0003_experiment_and_learned_from")]

    operations = [
        migrations.AddIndex(
            model_name="deed",
            index=models.Index(
                fields=["id"],
                include=["status", "sector", "organisation", "region", "year", "has_results", "awarded",
                         "adoption_count", "published_at", "search_norm"],
                name="tori_deed_search",
            ),
        ),
        migrations.DeleteModel(name="DeedTerm"),
        migrations.DeleteModel(name="FuzzyKey"),
        migrations.DeleteModel(name="SearchTerm"),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=64, unique=True)),
                ("df", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="DeedTerm",
            fields=[
                ("pk", models.CompositePrimaryKey("deed", "term", blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ("deed", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                           related_name="+", to="tori.deed")),
                ("term", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                           related_name="+", to="tori.searchterm")),
                ("weight", models.FloatField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["term", "-weight"], include=["deed"], name="tori_deedterm_postings")
                ],
            },
        ),
        migrations.CreateModel(
            name="FuzzyKey",
            fields=[
                ("pk", models.CompositePrimaryKey("key", "term", blank=True, editable=False, primary_key=True,
                                                  serialize=False)),
                ("key", models.CharField(max_length=16)),
                ("term", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                           related_name="+", to="tori.searchterm")),
            ],
        ),
    ]
