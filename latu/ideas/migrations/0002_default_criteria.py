from django.db import migrations


def seed(apps, schema_editor):
    from latu.ideas.models import DEFAULT_CRITERIA

    Organisation = apps.get_model("organisations", "Organisation")
    Criterion = apps.get_model("ideas", "Criterion")
    for org in Organisation.objects.all():
        existing = set(Criterion.objects.filter(organisation=org).values_list("key", flat=True))
        Criterion.objects.bulk_create(
            [
                Criterion(
                    organisation=org, key=key, name_fi=fi, name_sv=sv, name_en=en,
                    description_fi=dfi, description_sv=dsv, description_en=den, lower_is_better=lower, order=order,
                )
                for order, (key, fi, sv, en, dfi, dsv, den, lower) in enumerate(DEFAULT_CRITERIA)
                if key not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial"), ("organisations", "0002_load_classification")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
