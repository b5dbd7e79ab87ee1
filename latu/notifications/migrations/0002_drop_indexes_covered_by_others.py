"""Foreign-key indexes that another index begins with (see ``drop_covered_indexes``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from latu.core.schema import drop_covered_indexes


INDEXES = [
    # (name, table, column), and what begins with the column
    ("notifications_digest_recipient_id_d7c3824c", "notifications_digest", "recipient_id"),  # notification_digest_once_a_week
    ("notifications_notification_recipient_id_d055f3f0", "notifications_notification", "recipient_id"),  # notification_recipient
    ("notifications_preference_user_id_c839c2d6", "notifications_preference", "user_id"),  # notification_preference_unique
]


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        drop_covered_indexes(INDEXES, [
            migrations.AlterField(
                model_name='digest',
                name='recipient',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notification_digests', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='notification',
                name='recipient',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
            ),
            migrations.AlterField(
                model_name='preference',
                name='user',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL),
            ),
        ]),
    ]
