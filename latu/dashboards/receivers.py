"""Keep the dashboard figures current after every event about an idea (submitted,
supported, support withdrawn, commented, evaluated, decided, status changed…).

- The acting person's latest day of taking part moves forward at once, for named
  activity only: anonymous authors are never attached to events (actor is None). A
  withdrawn support is taken off the day it was given, and the person's latest day of
  supporting is read again from the supports they still give.
- An idea moved to another unit or strategy goal takes its supports and comments
  along to the new place, and its people's taking part to the new goal (a background
  task, which then recomputes the days concerned).
- A unit moved under another one changes every past figure of the units above it: the
  organisation's figures are rebuilt in the background.
- The organisation's figures of the day (and of the day the idea was sent, whose
  status counts change) are recomputed by a background task. With a task backend that
  can defer work, at most one such task per organisation and day is queued within
  ``REFRESH_WINDOW`` seconds, so a busy organisation costs one recomputation per window
  however many ideas arrive; the immediate backend (local use, tests) recomputes at once.
"""

import logging
from collections import defaultdict
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

IDEA_EVENT_PREFIXES = ("idea.", "comment.")
ACTIVITY_OF_EVENT = {"idea.submitted": "submitted", "idea.supported": "supported", "comment.created": "commented"}
COUNTED_EVENTS = {"idea.supported": "supports", "comment.created": "comments"}
WITHDRAWN_EVENTS = {"idea.support_withdrawn": ("supports", "supported")}  # counter, activity
MOVED_EVENT = "idea.moved"
REFRESH_WINDOW = 15  # seconds


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


def schedule_refresh(organisation_id: int, days: set) -> None:
    from latu.dashboards.tasks import refresh_stats

    if not refresh_stats.get_backend().supports_defer:
        refresh_stats.enqueue(organisation_id, sorted(day.isoformat() for day in days))
        return
    due = [day for day in sorted(days)
           if cache.add(f"latu:dashboards:refresh:{organisation_id}:{day.isoformat()}", 1, REFRESH_WINDOW)]
    if due:
        run_after = timezone.now() + timedelta(seconds=REFRESH_WINDOW)
        refresh_stats.using(run_after=run_after).enqueue(organisation_id, [day.isoformat() for day in due])


def on_events(sender, events, **kwargs) -> None:
    """Receiver of ``latu.core.events.events_emitted``: a few queries for the whole batch."""
    from latu.dashboards import stats

    about_ideas = []
    for event in events:
        if event.kind.startswith("experiment.") and event.organisation is not None:
            stats.bump_version(event.organisation.pk)  # experiments are read live; cached pages must go
            continue
        if event.kind == "unit.changed" and "parent" in (event.data or {}).get("fields", ()):
            from latu.dashboards.tasks import rebuild_stats

            rebuild_stats.enqueue(event.organisation.pk)
            continue
        idea_id = idea_id_of(event)
        if idea_id is not None:
            about_ideas.append((event, idea_id))
    if not about_ideas:
        return
    from latu.ideas.models import Idea

    try:
        ideas = {
            row["pk"]: row for row in Idea.objects.filter(pk__in={idea_id for _, idea_id in about_ideas})
            .values("pk", "organisation_id", "unit_id", "strategy_goal_id", "created_at")
        }
        today = timezone.localdate()
        activities, withdrawn, days = [], [], defaultdict(set)
        for event, idea_id in about_ideas:
            idea = ideas.get(idea_id)
            if idea is None:
                continue
            org_id = idea["organisation_id"]
            activity = ACTIVITY_OF_EVENT.get(event.kind)
            if activity and event.actor is not None:
                activities.append((org_id, idea["strategy_goal_id"], event.actor.pk, activity))
            if event.kind in COUNTED_EVENTS:
                stats.count_activity(org_id, idea["unit_id"], idea["strategy_goal_id"], today,
                                     COUNTED_EVENTS[event.kind])
            if event.kind in WITHDRAWN_EVENTS:
                counter, activity = WITHDRAWN_EVENTS[event.kind]
                given = date.fromisoformat(event.data["given"])
                stats.count_activity(org_id, idea["unit_id"], idea["strategy_goal_id"], given, counter, -1)
                days[org_id].add(given)
                if event.actor is not None:
                    withdrawn += [(org_id, goal_key, event.actor.pk, activity) for goal_key in
                                  stats.goal_keys(idea["strategy_goal_id"])]
            if event.kind == MOVED_EVENT:  # as many queries as the idea has days and people: in the background
                from latu.dashboards.tasks import move_idea_stats

                move_idea_stats.enqueue(org_id, idea_id, [event.data["from_unit"], event.data["from_goal"]],
                                        [idea["unit_id"], idea["strategy_goal_id"]])
            days[org_id] |= {today, timezone.localdate(idea["created_at"])}
        if activities:
            stats.record_activities(activities, today)
        if withdrawn:
            stats.reread_activities(withdrawn)
        for org_id, due in days.items():
            schedule_refresh(org_id, due)
    except Exception:
        # Figures are rebuilt periodically; a failure here must never break the action.
        logger.exception("Could not refresh dashboard figures for ideas %s",
                         ", ".join(str(idea_id) for _, idea_id in about_ideas[:20]))
