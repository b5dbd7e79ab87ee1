"""Keeping the precomputed dashboard figures current.

``rebuild`` recomputes the aggregates of an organisation (optionally only some days,
one unit and strategy goal, some tables) from the ideas, supports and comments, and
replaces the stored rows in one transaction. It is used three ways:

- after each idea event (``refresh_for_idea``, through a background task): only the
  day's bucket of the idea's unit and goal, a handful of indexed queries;
- by ``latu rebuild-stats`` and the periodic task ``rebuild_recent_stats``, which fix
  what events cannot tell (a withdrawn support, an idea moved to another unit);
- by the demo after it has loaded its history.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from latu.dashboards.models import DailyDuration, DailyParticipant, DailyStats, IdeaStatusDaily
from latu.ideas.models import Comment, Idea, Support
from latu.organisations.models import Organisation

ANY = object()  # no filter on this key
PARTS = frozenset({"daily", "durations", "status", "participants"})
COUNTERS = ("ideas_created", "ideas_anonymous", "first_responses", "ideas_decided", "supports", "comments")
MAX_HOURS = 24 * 3650


def duration_bucket(delta: timedelta) -> int:
    """Whole hours below three days, whole days (as hours) above."""
    hours = max(0, int(delta.total_seconds() // 3600))
    if hours >= 72:
        hours = hours // 24 * 24
    return min(hours, MAX_HOURS)


def _bounds(start: date | None, end: date | None, field: str) -> dict:
    tz = timezone.get_current_timezone()
    bounds = {}
    if start is not None:
        bounds[f"{field}__gte"] = timezone.make_aware(datetime.combine(start, time.min), tz)
    if end is not None:
        bounds[f"{field}__lt"] = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return bounds


def _keys(prefix: str, unit, goal) -> dict:
    keys = {}
    if unit is not ANY:
        keys[f"{prefix}unit_id"] = unit
    if goal is not ANY:
        keys[f"{prefix}strategy_goal_id"] = goal
    return keys


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _compute_daily(org_id, start, end, unit, goal) -> dict:
    rows: dict[tuple, Counter] = defaultdict(Counter)
    ideas = Idea.objects.filter(organisation_id=org_id, **_keys("", unit, goal))
    created = (
        ideas.filter(**_bounds(start, end, "created_at"))
        .annotate(d=_day("created_at"))
        .values("unit_id", "strategy_goal_id", "d")
        .annotate(n=Count("pk"), anonymous=Count("pk", filter=Q(is_anonymous=True)))
        .order_by()
    )
    for row in created:
        key = (row["unit_id"], row["strategy_goal_id"], row["d"])
        rows[key]["ideas_created"] += row["n"]
        rows[key]["ideas_anonymous"] += row["anonymous"]
    for field, counter in (("first_response_at", "first_responses"), ("decided_at", "ideas_decided")):
        answered = (
            ideas.filter(**{f"{field}__isnull": False}, **_bounds(start, end, field))
            .annotate(d=_day(field))
            .values("unit_id", "strategy_goal_id", "d")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in answered:
            rows[(row["unit_id"], row["strategy_goal_id"], row["d"])][counter] += row["n"]
    for model, counter in ((Support, "supports"), (Comment, "comments")):
        done = (
            model.objects.filter(idea__organisation_id=org_id, **_keys("idea__", unit, goal),
                                 **_bounds(start, end, "created_at"))
            .annotate(d=_day("created_at"))
            .values("idea__unit_id", "idea__strategy_goal_id", "d")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in done:
            rows[(row["idea__unit_id"], row["idea__strategy_goal_id"], row["d"])][counter] += row["n"]
    return rows


def _compute_durations(org_id, start, end, unit, goal) -> Counter:
    counts: Counter = Counter()
    ideas = Idea.objects.filter(organisation_id=org_id, **_keys("", unit, goal))
    for field, kind in (("first_response_at", DailyDuration.Kind.FIRST_RESPONSE),
                        ("decided_at", DailyDuration.Kind.DECISION)):
        answered = ideas.filter(**{f"{field}__isnull": False}, **_bounds(start, end, field))
        for unit_id, goal_id, at, created in answered.values_list(
            "unit_id", "strategy_goal_id", field, "created_at"
        ).order_by().iterator(chunk_size=5000):
            counts[(unit_id, goal_id, timezone.localdate(at), kind, duration_bucket(at - created))] += 1
    return counts


def _compute_status(org_id, start, end, unit, goal) -> dict:
    rows = (
        Idea.objects.filter(organisation_id=org_id, **_keys("", unit, goal), **_bounds(start, end, "created_at"))
        .annotate(d=_day("created_at"))
        .values("unit_id", "strategy_goal_id", "d", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["unit_id"], r["strategy_goal_id"], r["d"], r["status"]): r["n"] for r in rows}


def _compute_participants(org_id, start, end, goal) -> dict:
    people: dict[tuple, set] = defaultdict(set)
    named = Idea.objects.filter(organisation_id=org_id, author__isnull=False, is_anonymous=False,
                                **_keys("", ANY, goal), **_bounds(start, end, "created_at"))
    sources = [
        ("submitted", named.annotate(d=_day("created_at")).values_list("strategy_goal_id", "d", "author_id")),
        ("supported", Support.objects.filter(idea__organisation_id=org_id, **_keys("idea__", ANY, goal),
                                             **_bounds(start, end, "created_at"))
         .annotate(d=_day("created_at")).values_list("idea__strategy_goal_id", "d", "user_id")),
        ("commented", Comment.objects.filter(idea__organisation_id=org_id, author__isnull=False,
                                             **_keys("idea__", ANY, goal), **_bounds(start, end, "created_at"))
         .annotate(d=_day("created_at")).values_list("idea__strategy_goal_id", "d", "author_id")),
    ]
    for flag, qs in sources:
        for key in qs.order_by().distinct().iterator(chunk_size=5000):
            people[key].add(flag)
    return people


def _range_filter(start, end) -> dict:
    bounds = {}
    if start is not None:
        bounds["day__gte"] = start
    if end is not None:
        bounds["day__lte"] = end
    return bounds


def rebuild(
    organisation_id: int,
    start: date | None = None,
    end: date | None = None,
    *,
    unit=ANY,
    goal=ANY,
    parts=PARTS,
) -> None:
    """Recompute and replace the stored figures of the organisation for the days
    ``start``–``end`` (both included; None = unbounded), optionally only for one unit
    (or None = no unit) and strategy goal. Participants are keyed by goal only."""
    parts = frozenset(parts)
    with transaction.atomic():
        # One rebuild of an organisation at a time, so two refreshes of the same day
        # cannot both insert their rows.
        Organisation.objects.select_for_update().filter(pk=organisation_id).exists()
        days = _range_filter(start, end)
        keys = _keys("", unit, goal)
        if "daily" in parts:
            rows = _compute_daily(organisation_id, start, end, unit, goal)
            DailyStats.objects.filter(organisation_id=organisation_id, **keys, **days).delete()
            DailyStats.objects.bulk_create(
                [DailyStats(organisation_id=organisation_id, unit_id=u, strategy_goal_id=g, day=d, **counters)
                 for (u, g, d), counters in rows.items()],
                batch_size=2000,
            )
        if "durations" in parts:
            counts = _compute_durations(organisation_id, start, end, unit, goal)
            DailyDuration.objects.filter(organisation_id=organisation_id, **keys, **days).delete()
            DailyDuration.objects.bulk_create(
                [DailyDuration(organisation_id=organisation_id, unit_id=u, strategy_goal_id=g, day=d, kind=k,
                               hours=h, count=n) for (u, g, d, k, h), n in counts.items()],
                batch_size=2000,
            )
        if "status" in parts:
            statuses = _compute_status(organisation_id, start, end, unit, goal)
            IdeaStatusDaily.objects.filter(organisation_id=organisation_id, **keys, **days).delete()
            IdeaStatusDaily.objects.bulk_create(
                [IdeaStatusDaily(organisation_id=organisation_id, unit_id=u, strategy_goal_id=g, day=d, status=s,
                                 count=n) for (u, g, d, s), n in statuses.items()],
                batch_size=2000,
            )
        if "participants" in parts:
            people = _compute_participants(organisation_id, start, end, goal)
            goal_keys = {} if goal is ANY else {"strategy_goal_id": goal}
            DailyParticipant.objects.filter(organisation_id=organisation_id, **goal_keys, **days).delete()
            DailyParticipant.objects.bulk_create(
                [DailyParticipant(organisation_id=organisation_id, strategy_goal_id=g, day=d, user_id=user,
                                  submitted="submitted" in flags, supported="supported" in flags,
                                  commented="commented" in flags)
                 for (g, d, user), flags in people.items()],
                batch_size=2000,
            )


def refresh_for_idea(idea_id: int, day: date) -> None:
    """Bring the figures up to date after something happened to an idea on ``day``:
    the day's bucket of its unit and goal, the status counts of the day it was sent,
    and the day's participants."""
    idea = Idea.objects.filter(pk=idea_id).only("organisation_id", "unit_id", "strategy_goal_id", "created_at").first()
    if idea is None:
        return
    org, unit, goal = idea.organisation_id, idea.unit_id, idea.strategy_goal_id
    created = timezone.localdate(idea.created_at)
    with transaction.atomic():
        rebuild(org, day, day, unit=unit, goal=goal, parts={"daily", "durations"})
        rebuild(org, created, created, unit=unit, goal=goal, parts={"status"})
        rebuild(org, day, day, goal=goal, parts={"participants"})


def rebuild_all(organisation_ids=None, since: date | None = None) -> int:
    """Rebuild every organisation (or the given ones) from ``since`` (or from the
    beginning). Returns the number of organisations rebuilt."""
    ids = list(Organisation.objects.values_list("pk", flat=True).order_by("pk")) if organisation_ids is None \
        else list(organisation_ids)
    for org_id in ids:
        rebuild(org_id, since, None)
    return len(ids)
