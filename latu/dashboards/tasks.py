"""Background work of the dashboards, through Django's tasks API."""

from datetime import date, timedelta

from django.utils import timezone
from django_tasks import task

from latu.dashboards import stats


@task()
def refresh_idea_stats(idea_id: int, day: str) -> None:
    """Update the figures touched by something that happened to an idea on ``day``."""
    stats.refresh_for_idea(idea_id, date.fromisoformat(day))


@task()
def rebuild_recent_stats(days: int = 3) -> int:
    """Periodic (e.g. nightly) rebuild of the last few days of every organisation: fixes
    what events do not tell, such as a withdrawn support or an idea moved to another
    unit. Enqueue it from a scheduler with ``latu rebuild-stats --enqueue``."""
    return stats.rebuild_all(since=timezone.localdate() - timedelta(days=days))
