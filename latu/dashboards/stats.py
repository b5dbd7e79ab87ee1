"""Keeping the precomputed dashboard figures current.

``rebuild`` recomputes an organisation's days ``start``–``end`` from its ideas,
supports and comments: a few GROUP BY queries per table give the figures per unit,
goal and day, which are then rolled up to every scope (the organisation, each unit
with the units below it; all goals, each goal) and stored in place of the old rows,
in one transaction. ``rebuild_participants`` recomputes each person's latest day of
taking part. They are used three ways:

- after idea events (``latu.dashboards.receivers``): the acting person's latest day
  is moved forward at once (``record_activities``, one upsert per batch), or read again
  when they withdrew a support (``reread_activities``); the day of the event, the day
  the idea was sent and the day a withdrawn support was given are recomputed by a
  background task (``refresh_days``), at most once per organisation and day in a short
  window however many events come;
- after an idea moved to another unit or strategy goal (``move_idea``): its supports and
  comments are counted under the new place and its people take part in the new goal;
- by ``latu rebuild-stats`` and the periodic task ``rebuild_recent_stats``, which fix
  what events cannot tell (a unit moved under another one);
- by the demo after it has loaded its history, and by bulk loads such as benchmarks.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from operator import add

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from latu.core.bulk import copy_rows
from latu.dashboards.models import DailyActivity, DailyStats, ParticipantActivity
from latu.ideas.models import Comment, Idea, Support
from latu.organisations.models import Organisation, Unit

COUNTERS = ("ideas_created", "ideas_anonymous", "first_responses", "ideas_decided", "supports", "comments")
HISTOGRAMS = ("statuses", "first_response_hours", "decision_hours")
ACTIVITIES = ("submitted", "supported", "commented")


# Lower bounds (in hours) of the waiting-time buckets: every hour of the first day,
# six-hour steps to three days, days to thirty days, weeks to a year, then "longer".
BUCKET_HOURS = [
    *range(0, 24), *range(24, 72, 6), *range(72, 720, 24), *range(720, 8760, 168), 8760,
]


def duration_bucket(delta: timedelta) -> int:
    """The index of the bucket of a waiting time."""
    hours = max(0, int(delta.total_seconds() // 3600))
    return bisect_right(BUCKET_HOURS, hours) - 1


def histogram_list(counts: Counter) -> list[int]:
    """Bucket counts as a list by bucket index, without trailing zeros."""
    if not counts:
        return []
    values = [0] * (max(counts) + 1)
    for index, n in counts.items():
        values[index] = n
    return values


def add_histogram(total: list[int], values: list[int]) -> None:
    """Add ``values`` to ``total`` in place."""
    if len(values) > len(total):
        total.extend([0] * (len(values) - len(total)))
    total[: len(values)] = map(add, total[: len(values)], values)


def _bounds(start: date | None, end: date | None, field: str) -> dict:
    tz = timezone.get_current_timezone()
    bounds = {}
    if start is not None:
        bounds[f"{field}__gte"] = timezone.make_aware(datetime.combine(start, time.min), tz)
    if end is not None:
        bounds[f"{field}__lt"] = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    return bounds


def _day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


class _Row:
    __slots__ = ("counters", "histograms")

    def __init__(self) -> None:
        self.counters: Counter = Counter()
        self.histograms: dict[str, Counter] = {name: Counter() for name in HISTOGRAMS}


def _day_range(start, end) -> dict:
    days = {}
    if start is not None:
        days["day__gte"] = start
    if end is not None:
        days["day__lte"] = end
    return days


def _count_activity(org_id: int, start, end) -> dict[tuple, Counter]:
    """Supports and comments per (unit, goal, day), from the raw rows."""
    counted: dict[tuple, Counter] = defaultdict(Counter)
    for model, counter in ((Support, "supports"), (Comment, "comments")):
        done = (
            model.objects.filter(idea__organisation_id=org_id, **_bounds(start, end, "created_at"))
            .annotate(d=_day("created_at"))
            .values("idea__unit_id", "idea__strategy_goal_id", "d")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for r in done:
            counted[(r["idea__unit_id"], r["idea__strategy_goal_id"], r["d"])][counter] += r["n"]
    return counted


def count_activity(organisation_id: int, unit_id, goal_id, day: date, kind: str, delta: int = 1) -> None:
    """One more support or comment (``kind``) on an idea of the unit and goal on ``day``
    (``delta=-1``: one fewer, never below zero)."""
    keys = {"organisation_id": organisation_id, "unit_key": unit_id or 0, "goal_key": goal_id or 0, "day": day}
    if delta < 0:
        DailyActivity.objects.filter(**keys, **{f"{kind}__gte": -delta}).update(**{kind: F(kind) + delta})
        return
    for _attempt in range(2):
        if DailyActivity.objects.filter(**keys).update(**{kind: F(kind) + delta}):
            return
        try:
            with transaction.atomic():
                DailyActivity.objects.create(**keys, **{kind: delta})
            return
        except IntegrityError:
            continue  # created meanwhile by someone else: add to it


def _leaf_rows(org_id: int, start, end, from_raw: bool = True) -> dict[tuple, _Row]:
    """The figures per (unit, goal, day). Supports and comments come from the raw rows
    (and are stored in ``DailyActivity``) when ``from_raw``, else from ``DailyActivity``."""
    rows: dict[tuple, _Row] = defaultdict(_Row)
    ideas = Idea.objects.filter(organisation_id=org_id)
    created = (
        ideas.filter(**_bounds(start, end, "created_at"))
        .annotate(d=_day("created_at"))
        .values("unit_id", "strategy_goal_id", "d", "status")
        .annotate(n=Count("pk"), anonymous=Count("pk", filter=Q(is_anonymous=True)))
        .order_by()
    )
    for r in created:
        row = rows[(r["unit_id"], r["strategy_goal_id"], r["d"])]
        row.counters["ideas_created"] += r["n"]
        row.counters["ideas_anonymous"] += r["anonymous"]
        row.histograms["statuses"][r["status"]] += r["n"]
    for field, counter, histogram in (("first_response_at", "first_responses", "first_response_hours"),
                                      ("decided_at", "ideas_decided", "decision_hours")):
        answered = ideas.filter(**{f"{field}__isnull": False}, **_bounds(start, end, field))
        for unit_id, goal_id, at, sent in answered.values_list(
            "unit_id", "strategy_goal_id", field, "created_at"
        ).order_by().iterator(chunk_size=5000):
            row = rows[(unit_id, goal_id, timezone.localdate(at))]
            row.counters[counter] += 1
            row.histograms[histogram][duration_bucket(at - sent)] += 1
    if from_raw:
        counted = _count_activity(org_id, start, end)
        with transaction.atomic():
            DailyActivity.objects.filter(organisation_id=org_id, **_day_range(start, end)).delete()
            copy_rows(
                DailyActivity, ["organisation_id", "unit_key", "goal_key", "day", "supports", "comments"],
                [(org_id, unit or 0, goal or 0, day, n["supports"], n["comments"])
                 for (unit, goal, day), n in counted.items()],
            )
    else:
        counted = {
            (r.unit_key or None, r.goal_key or None, r.day): {"supports": r.supports, "comments": r.comments}
            for r in DailyActivity.objects.filter(organisation_id=org_id, **_day_range(start, end))
            .exclude(supports=0, comments=0)  # all taken back or moved away: no figures
        }
    for key, counts in counted.items():
        rows[key].counters.update(counts)
    return rows


def _unit_chains(org_id: int) -> dict[int, list[int]]:
    """Each unit of the organisation with the units above it."""
    parents = dict(Unit.objects.filter(organisation_id=org_id).values_list("pk", "parent_id"))
    chains = {}
    for unit_id in parents:
        chain, node, seen = [], unit_id, set()
        while node is not None and node not in seen:
            chain.append(node)
            seen.add(node)
            node = parents.get(node)
        chains[unit_id] = chain
    return chains


def _rolled_up(org_id: int, leaves: dict[tuple, _Row]) -> dict[tuple, _Row]:
    """The scopes a dashboard shows: the organisation (no unit, no goal), each unit with
    the units below it (no goal), and each goal (no unit)."""
    chains = _unit_chains(org_id)
    scopes: dict[tuple, _Row] = defaultdict(_Row)
    for (unit_id, goal_id, day), leaf in leaves.items():
        keys = [(None, None, day)]
        if unit_id is not None:
            keys += [(unit, None, day) for unit in chains.get(unit_id, [])]
        if goal_id is not None:
            keys.append((None, goal_id, day))
        for key in keys:
            row = scopes[key]
            row.counters.update(leaf.counters)
            for name in HISTOGRAMS:
                row.histograms[name].update(leaf.histograms[name])
    return scopes


def version(organisation_id: int) -> int:
    """Changes whenever the organisation's figures change (for caching dashboards)."""
    return cache.get_or_set(f"latu:dashboards:version:{organisation_id}", 1, None)


def bump_version(organisation_id: int) -> None:
    key = f"latu:dashboards:version:{organisation_id}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def _lock(org_id: int) -> None:
    # One rebuild of an organisation at a time, so two refreshes of the same day cannot
    # both insert their rows.
    Organisation.objects.select_for_update().filter(pk=org_id).exists()


def rebuild(organisation_id: int, start: date | None = None, end: date | None = None, *,
            from_raw: bool = True) -> int:
    """Recompute and replace the organisation's daily figures for ``start``–``end``
    (both included; None = unbounded). Returns the number of rows stored. With
    ``from_raw=False`` supports and comments are taken from their running counts."""
    with transaction.atomic():
        _lock(organisation_id)
        scopes = _rolled_up(organisation_id, _leaf_rows(organisation_id, start, end, from_raw))
        DailyStats.objects.filter(organisation_id=organisation_id, **_day_range(start, end)).delete()
        copy_rows(
            DailyStats,
            ["organisation_id", "unit_id", "strategy_goal_id", "day", *COUNTERS, *HISTOGRAMS],
            [
                (organisation_id, unit, goal, day, *(row.counters.get(name, 0) for name in COUNTERS),
                 dict(row.histograms["statuses"]), histogram_list(row.histograms["first_response_hours"]),
                 histogram_list(row.histograms["decision_hours"]))
                for (unit, goal, day), row in scopes.items()
            ],
        )
    return len(scopes)


def _activity_rows(org_id: int) -> dict[str, tuple[object, str, str]]:
    """Each activity → the rows of it in the organisation, their person and goal fields."""
    return {
        "submitted": (Idea.objects.filter(organisation_id=org_id, author__isnull=False, is_anonymous=False),
                      "author_id", "strategy_goal_id"),
        "supported": (Support.objects.filter(idea__organisation_id=org_id), "user_id", "idea__strategy_goal_id"),
        "commented": (Comment.objects.filter(idea__organisation_id=org_id, author__isnull=False),
                      "author_id", "idea__strategy_goal_id"),
    }


def _activity_sources(org_id: int) -> list[tuple[str, object]]:
    return [(activity, rows.values(person, goal).annotate(last=Max("created_at")))
            for activity, (rows, person, goal) in _activity_rows(org_id).items()]


def goal_keys(goal_id: int | None) -> list[int]:
    """The participation rows (``goal_key``) that an activity on an idea of the goal
    counts in: all goals, and the goal when it has one."""
    return [ParticipantActivity.ALL_GOALS] + ([goal_id] if goal_id is not None else [])


def reread_activities(rows: list[tuple[int, int, int, str]]) -> None:
    """(organisation, goal key, person, activity) may have changed: a support was taken
    back, or an idea moved to another strategy goal. Read the people's latest day of the
    activity again from what there is now (one query per organisation, goal key and
    activity), for that goal key (``ALL_GOALS`` or a goal's id), and their latest day of
    taking part with it."""
    people: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    for organisation_id, goal_key, user_id, activity in rows:
        people[(organisation_id, goal_key, activity)].add(user_id)
    for (organisation_id, goal_key, activity), user_ids in people.items():
        done, person, goal = _activity_rows(organisation_id)[activity]
        done = done.filter(**{f"{person}__in": user_ids})
        if goal_key != ParticipantActivity.ALL_GOALS:
            done = done.filter(**{goal: goal_key})
        latest = {row[person]: timezone.localdate(row["at"])
                  for row in done.values(person).annotate(at=Max("created_at")).order_by()}
        for user_id in sorted(user_ids):
            for _attempt in range(2):
                try:
                    _set_last_day(organisation_id, goal_key, user_id, activity, latest.get(user_id))
                    break
                except IntegrityError:
                    continue  # the row was created meanwhile (by a new activity): update it
    for organisation_id in {organisation_id for organisation_id, *_ in rows}:
        bump_version(organisation_id)


def _set_last_day(organisation_id: int, goal_key: int, user_id: int, activity: str, last: date | None) -> None:
    with transaction.atomic():
        row = ParticipantActivity.objects.select_for_update().filter(
            organisation_id=organisation_id, goal_key=goal_key, user_id=user_id).first()
        if row is None:
            if last is not None:
                ParticipantActivity.objects.create(organisation_id=organisation_id, goal_key=goal_key,
                                                   user_id=user_id, last_active=last, **{f"last_{activity}": last})
            return
        setattr(row, f"last_{activity}", last)
        days = [d for a in ACTIVITIES if (d := getattr(row, f"last_{a}"))]
        if not days:
            row.delete()  # nothing left: not a participant
            return
        row.last_active = max(days)
        row.save(update_fields=["last_active", f"last_{activity}"])


def move_idea(organisation_id: int, idea_id: int, before: tuple, after: tuple) -> set[date]:
    """The idea moved from (unit, goal) ``before`` to ``after``: its supports and comments
    are counted under the new place on the days they were given, and its named author,
    supporters and commenters take part in the new goal instead of the old one. Returns
    the days whose figures must be recomputed."""
    days = set()
    for model, counter in ((Support, "supports"), (Comment, "comments")):
        per_day = (model.objects.filter(idea_id=idea_id).annotate(d=_day("created_at")).values("d")
                   .annotate(n=Count("pk")).order_by())
        for row in per_day:
            count_activity(organisation_id, *before, row["d"], counter, -row["n"])
            count_activity(organisation_id, *after, row["d"], counter, row["n"])
            days.add(row["d"])
    goals = {goal for goal in (before[1], after[1]) if goal is not None}
    if before[1] != after[1] and goals:
        rows = []
        for activity, (done, person, _goal) in _activity_rows(organisation_id).items():
            people = done.filter(**{"idea_id" if activity != "submitted" else "pk": idea_id})
            for user_id in people.values_list(person, flat=True).distinct().order_by():
                rows += [(organisation_id, goal, user_id, activity) for goal in sorted(goals)]
        reread_activities(rows)
    return days


def rebuild_participants(organisation_id: int) -> int:
    """Recompute everyone's latest day of taking part in the organisation."""
    latest: dict[tuple, dict[str, date]] = defaultdict(dict)
    for activity, qs in _activity_sources(organisation_id):
        for row in qs.order_by().iterator(chunk_size=5000):
            user_id, goal_id = list(row.values())[:2]
            last = timezone.localdate(row["last"])
            for goal_key in goal_keys(goal_id):
                previous = latest[(goal_key, user_id)].get(activity)
                if previous is None or last > previous:
                    latest[(goal_key, user_id)][activity] = last
    with transaction.atomic():
        _lock(organisation_id)
        ParticipantActivity.objects.filter(organisation_id=organisation_id).delete()
        copy_rows(
            ParticipantActivity,
            ["organisation_id", "goal_key", "user_id", "last_active", "last_submitted", "last_supported",
             "last_commented"],
            [(organisation_id, goal_key, user_id, max(days.values()), days.get("submitted"), days.get("supported"),
              days.get("commented")) for (goal_key, user_id), days in latest.items()],
        )
    return len(latest)


def record_activities(rows: list[tuple[int, int | None, int, str]], day: date) -> None:
    """(organisation, strategy goal, person, activity) took part on ``day`` (today): one
    upsert per kind of activity for the whole batch, no lock."""
    by_activity: dict[str, dict[tuple[int, int, int], ParticipantActivity]] = {}
    for organisation_id, goal_id, user_id, activity in rows:
        if activity not in ACTIVITIES:
            continue
        for key in goal_keys(goal_id):
            by_activity.setdefault(activity, {})[(organisation_id, key, user_id)] = ParticipantActivity(
                organisation_id=organisation_id, goal_key=key, user_id=user_id, last_active=day,
                **{f"last_{activity}": day},
            )
    for activity, upserts in by_activity.items():
        ParticipantActivity.objects.bulk_create(
            list(upserts.values()),
            update_conflicts=True,
            unique_fields=["organisation", "goal_key", "user"],
            update_fields=["last_active", f"last_{activity}"],
        )
    for organisation_id in sorted({organisation_id for organisation_id, _, _, _ in rows}):
        bump_version(organisation_id)


def refresh_days(organisation_id: int, days) -> None:
    """Recompute the organisation's figures of the given days (after events)."""
    for day in sorted(set(days)):
        rebuild(organisation_id, day, day, from_raw=False)
    bump_version(organisation_id)


def rebuild_all(organisation_ids=None, since: date | None = None) -> int:
    """Rebuild every organisation (or the given ones): the daily figures from ``since``
    (or from the beginning) and everyone's latest day of taking part. Returns the number
    of organisations rebuilt."""
    if organisation_ids is None:
        organisation_ids = Organisation.objects.values_list("pk", flat=True).order_by("pk")
    ids = list(organisation_ids)
    for org_id in ids:
        rebuild(org_id, since, None)
        rebuild_participants(org_id)
        bump_version(org_id)
    return len(ids)
