"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("campaigns_awardnomination_deed_id_1ec8b7fd", "campaigns_awardnomination", "deed_id"),  # campaigns_award_deed
    ("campaigns_awardnomination_event_id_2e29422b", "campaigns_awardnomination", "event_id"),  # campaigns_award_event_cat
    ("campaigns_campaigndeed_campaign_id_31cd55a3", "campaigns_campaigndeed", "campaign_id"),  # campaigns_cdeed_added, campaigns_campaign_deed_once
    ("campaigns_nomination_campaign_id_0f47a2a1", "campaigns_nomination", "campaign_id"),  # campaigns_nomination_status, campaigns_nomination_once
    ("campaigns_toplistitem_top_list_id_566f22ca", "campaigns_toplistitem", "top_list_id"),  # campaigns_toplist_deed_once
]


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0002_load_categories'),
        ('tori', '0005_drop_indexes_covered_by_others'),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='awardnomination',
                name='deed',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='award_nominations', to='tori.deed', verbose_name='deed'),
            ),
            migrations.AlterField(
                model_name='awardnomination',
                name='event',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='nominations', to='campaigns.awardevent', verbose_name='award event'),
            ),
            migrations.AlterField(
                model_name='campaigndeed',
                name='campaign',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='campaign_deeds', to='campaigns.campaign', verbose_name='campaign'),
            ),
            migrations.AlterField(
                model_name='nomination',
                name='campaign',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='nominations', to='campaigns.campaign', verbose_name='campaign'),
            ),
            migrations.AlterField(
                model_name='toplistitem',
                name='top_list',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='campaigns.toplist', verbose_name='TOP list'),
            ),
        ]),
    ]
