"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("ideas_activity_idea_id_6dd182e4", "ideas_activity", "idea_id"),  # activity_idea_created
    ("ideas_agendaitem_meeting_id_e12a4d67", "ideas_agendaitem", "meeting_id"),  # agenda_idea_once
    ("ideas_comment_idea_id_0ab5ade0", "ideas_comment", "idea_id"),  # comment_idea_created
    ("ideas_commentreport_comment_id_150b93cc", "ideas_commentreport", "comment_id"),  # report_once_per_person
    ("ideas_evaluation_idea_id_4c700302", "ideas_evaluation", "idea_id"),  # evaluation_once_per_criterion
    ("ideas_ideaterm_idea_id_f9380dce", "ideas_ideaterm", "idea_id"),  # ideaterm_unique
    ("ideas_ideaterm_organisation_id_1db2f8b9", "ideas_ideaterm", "organisation_id"),  # ideaterm_org_term_weight
    ("ideas_support_idea_id_b4a269c1", "ideas_support", "idea_id"),  # support_once_per_person
]


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0006_partial_fk_indexes'),
        ('organisations', '0003_drop_indexes_covered_by_others'),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='activity',
                name='idea',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='ideas.idea'),
            ),
            migrations.AlterField(
                model_name='agendaitem',
                name='meeting',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='agenda', to='ideas.forummeeting'),
            ),
            migrations.AlterField(
                model_name='comment',
                name='idea',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='ideas.idea'),
            ),
            migrations.AlterField(
                model_name='commentreport',
                name='comment',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='ideas.comment'),
            ),
            migrations.AlterField(
                model_name='evaluation',
                name='idea',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='ideas.idea'),
            ),
            migrations.AlterField(
                model_name='ideaterm',
                name='idea',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='ideas.idea'),
            ),
            migrations.AlterField(
                model_name='ideaterm',
                name='organisation',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation'),
            ),
            migrations.AlterField(
                model_name='support',
                name='idea',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='ideas.idea'),
            ),
        ]),
    ]
