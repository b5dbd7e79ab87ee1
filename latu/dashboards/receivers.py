"""Keep the dashboard figures current: every event about an idea (submitted,
supported, commented, evaluated, decided, status changed…) refreshes the figures of
that idea's unit and goal for the day, in the background."""

import logging

from django.utils import timezone

logger = logging.getLogger(__name__)

IDEA_EVENT_PREFIXES = ("idea.", "comment.")


def idea_id_of(event) -> int | None:
    if not event.kind.startswith(IDEA_EVENT_PREFIXES):
        return None
    from latu.ideas.models import Idea

    target = event.target
    if isinstance(target, Idea):
        return target.pk
    if getattr(target, "idea_id", None):
        return target.idea_id
    idea = (event.data or {}).get("idea")
    return idea if isinstance(idea, int) else None


def on_event(sender, event, **kwargs) -> None:
    idea_id = idea_id_of(event)
    if idea_id is None:
        return
    from latu.dashboards.tasks import refresh_idea_stats

    try:
        refresh_idea_stats.enqueue(idea_id, timezone.localdate().isoformat())
    except Exception:
        # Figures are rebuilt periodically; a failure here must never break the action.
        logger.exception("Could not refresh dashboard figures for idea %s", idea_id)
