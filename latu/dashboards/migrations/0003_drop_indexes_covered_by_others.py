"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("dashboards_dailyactivity_organisation_id_8a217b04", "dashboards_dailyactivity", "organisation_id"),  # dailyactivity_once_per_key
    ("dashboards_dailystats_organisation_id_4a4740d4", "dashboards_dailystats", "organisation_id"),  # dailystats_scope_day, dailystats_org_day
    ("dashboards_participantactivity_organisation_id_2aac81d3", "dashboards_participantactivity", "organisation_id"),  # participant_scope_active, participant_once_per_scope
]


class Migration(migrations.Migration):

    dependencies = [
        ('dashboards', '0002_rolled_up_scopes'),
        ('organisations', '0003_drop_indexes_covered_by_others'),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='dailyactivity',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
            ),
            migrations.AlterField(
                model_name='dailystats',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
            ),
            migrations.AlterField(
                model_name='participantactivity',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
            ),
        ]),
    ]
