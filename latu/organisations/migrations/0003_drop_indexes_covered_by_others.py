"""Drop foreign-key indexes that another index or unique constraint begins with: they
cost a write on every insert and serve no query the other one does not. Only the indexes
go (Django's own AlterField would also drop and re-add the foreign keys, re-checking every
row)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


INDEXES = [
    # (name, table, column), and what begins with the column
    ("organisations_membership_organisation_id_716d02c4", "organisations_membership", "organisation_id"),  # organisatio_organis_ce72ef_idx
    ("organisations_membership_user_id_dfd8e4e8", "organisations_membership", "user_id"),  # membership_unique_role_in_unit
    ("organisations_unit_organisation_id_05d88b02", "organisations_unit", "organisation_id"),  # unit_unique_name
]


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_load_classification'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='membership',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation'),
                ),
                migrations.AlterField(
                    model_name='membership',
                    name='user',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='unit',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='units', to='organisations.organisation'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
        ),
    ]
