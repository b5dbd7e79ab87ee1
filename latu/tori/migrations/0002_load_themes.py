from django.db import migrations


def load(apps, schema_editor):
    from latu.tori.data import load_themes

    load_themes(apps.get_model("tori", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("tori", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
