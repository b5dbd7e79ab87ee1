"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("tori_adoption_deed_id_a8d77551", "tori_adoption", "deed_id"),  # tori_adoption_once_per_org
    ("tori_comment_deed_id_c038faf0", "tori_comment", "deed_id"),  # tori_comment_deed
    ("tori_commentreport_comment_id_397f3778", "tori_commentreport", "comment_id"),  # tori_report_once_per_person
    ("tori_deed_organisation_id_229766a2", "tori_deed", "organisation_id"),  # tori_deed_org_status
]


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_drop_indexes_covered_by_others'),
        ('tori', '0004_search_index_by_term_id'),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='adoption',
                name='deed',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='adoptions', to='tori.deed', verbose_name='deed'),
            ),
            migrations.AlterField(
                model_name='comment',
                name='deed',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='tori.deed', verbose_name='deed'),
            ),
            migrations.AlterField(
                model_name='commentreport',
                name='comment',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='tori.comment'),
            ),
            migrations.AlterField(
                model_name='deed',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='deeds', to='organisations.organisation', verbose_name='organisation'),
            ),
        ]),
    ]
