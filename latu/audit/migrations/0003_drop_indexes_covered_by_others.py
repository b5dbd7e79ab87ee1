"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


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
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='auditevent',
                name='organisation',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation', verbose_name='organisation'),
            ),
        ]),
    ]
