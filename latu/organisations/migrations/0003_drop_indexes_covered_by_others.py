"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


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
        drop_covered_indexes(INDEXES, [
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
        ]),
    ]
