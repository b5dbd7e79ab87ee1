from django.db import migrations


def load(apps, schema_editor):
    from latu.campaigns.data import load_categories

    load_categories(apps.get_model("campaigns", "AwardCategory"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
