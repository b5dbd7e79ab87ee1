"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("experiments_experiment_organisation_id_668ef874", "experiments_experiment", "organisation_id"),  # experiments_organis_0a38d5_idx, experiments_organis_c93dee_idx
    ("experiments_phase_experiment_id_09e99f1d", "experiments_phase", "experiment_id"),  # phase_unique_number
    ("experiments_result_measure_id_dc8f5abc", "experiments_result", "measure_id"),  # result_unique_date
]


class Migration(migrations.Migration):

    dependencies = [
        ('experiments', '0001_initial'),
        ('organisations', '0003_drop_indexes_covered_by_others'),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='experiment',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='experiments', to='organisations.organisation', verbose_name='organisation'),
            ),
            migrations.AlterField(
                model_name='phase',
                name='experiment',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='phases', to='experiments.experiment'),
            ),
            migrations.AlterField(
                model_name='result',
                name='measure',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='results', to='experiments.measure'),
            ),
        ]),
    ]
