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
def move_idea_stats(organisation_id: int, idea_id: int, before: list, after: list) -> None:
    """An idea moved from (unit, goal) ``before`` to ``after``: its figures go along."""
    stats.refresh_days(organisation_id, stats.move_idea(organisation_id, idea_id, tuple(before), tuple(after)))


@task()
def rebuild_stats(organisation_id: int) -> int:
    """Recompute all of an organisation's figures (after a unit moved under another)."""
    count = stats.rebuild(organisation_id)
    stats.bump_version(organisation_id)
    return count


@task()
def rebuild_recent_stats(days: int = 3) -> int:
    """Periodic (e.g. nightly) rebuild of the last few days and of everyone's latest
    day of taking part, in every organisation: a safety net for anything the events
    missed (a failed refresh, changes made outside Latu's actions). Enqueue it from a scheduler
    with ``latu rebuild-stats --enqueue``."""
    return stats.rebuild_all(since=timezone.localdate() - timedelta(days=days))
