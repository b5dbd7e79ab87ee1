"""Drop foreign-key indexes that another index or unique constraint begins with: they
cost a write on every insert and serve no query the other one does not. Only the indexes
go (Django's own AlterField would also drop and re-add the foreign keys, re-checking every
row)."""

import django.db.models.deletion
from django.db import migrations, models


INDEXES = [
    # (name, table, column), and what begins with the column
    ("audit_auditevent_organisation_id_11de86af", "audit_auditevent", "organisation_id"),  # audit_audit_organis_705af2_idx
]


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_email_changed_action'),
        ('organisations', '0003_drop_indexes_covered_by_others'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation', verbose_name='organisation'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for name, table, column in INDEXES
            ],
        ),
    ]
