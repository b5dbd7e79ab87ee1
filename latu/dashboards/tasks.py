"""Background work of the dashboards, through Django's tasks API."""

from datetime import date, timedelta

from django.utils import timezone
from django_tasks import task

from latu.dashboards import stats


@task()
def refresh_stats(organisation_id: int, days: list[str]) -> None:
    """Recompute an organisation's figures for some days (ISO dates)."""
    stats.refresh_days(organisation_id, [date.fromisoformat(day) for day in days])


@task()
def rebuild_recent_stats(days: int = 3) -> int:
    """Periodic (e.g. nightly) rebuild of the last few days and of everyone's latest
    day of taking part, in every organisation: fixes what events do not tell, such as
    an idea moved to another unit. Enqueue it from a scheduler
    with ``latu rebuild-stats --enqueue``."""
    return stats.rebuild_all(since=timezone.localdate() - timedelta(days=days))
