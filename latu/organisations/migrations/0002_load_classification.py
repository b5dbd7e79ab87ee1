from django.db import migrations


def load(apps, schema_editor):
    from latu.organisations.data import load_classification

    load_classification(apps.get_model("organisations", "Region"), apps.get_model("organisations", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
