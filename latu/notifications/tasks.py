"""Background work through Django's tasks API: in-process locally and in tests, queued
in the database for ``latu db_worker`` in production."""

from django_tasks import task

from latu.notifications import emails


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to a person who wants to hear at once."""
    return emails.send_notification(notification_id)


@task()
def send_weekly_digests() -> int:
    """Send this week's digests (``latu send-digests`` runs it from cron or a scheduler)."""
    return emails.send_weekly_digests()
