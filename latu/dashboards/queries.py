"""The dashboard figures of an organisation, a unit or a strategy goal for a period,
read from the precomputed tables (never from the ideas themselves)."""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from latu.dashboards.models import DailyStats, ParticipantActivity
from latu.dashboards.stats import BUCKET_HOURS, add_histogram
from latu.experiments.models import Experiment, Measure, Result
from latu.ideas.models import Idea
from latu.organisations.models import Membership, Organisation, StrategyGoal, Unit

PERIODS = OrderedDict(
    [
        ("30", gettext_lazy("Last 30 days")),
        ("90", gettext_lazy("Last 90 days")),
        ("365", gettext_lazy("Last 12 months")),
        ("year", gettext_lazy("This year")),
    ]
)
DEFAULT_PERIOD = "365"
COUNTERS = ("ideas_created", "ideas_anonymous", "first_responses", "ideas_decided", "supports", "comments")


@dataclass
class Period:
    key: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return str(PERIODS[self.key])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_for(key: str | None, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    key = key if key in PERIODS else DEFAULT_PERIOD
    if key == "year":
        return Period(key, date(today.year, 1, 1), today)
    return Period(key, today - timedelta(days=int(key) - 1), today)


@dataclass
class Scope:
    organisation: Organisation
    unit: Unit | None = None
    goal: StrategyGoal | None = None
    unit_ids: set[int] | None = None  # the unit and every unit below it

    @classmethod
    def for_unit(cls, unit: Unit) -> "Scope":
        return cls(unit.organisation, unit=unit, unit_ids=unit.descendant_ids())

    def stats_filter(self) -> dict:
        """The precomputed rows of this scope (rolled up in advance)."""
        return {
            "organisation_id": self.organisation.pk,
            "unit_id": self.unit.pk if self.unit is not None else None,
            "strategy_goal_id": self.goal.pk if self.goal is not None else None,
        }

    def experiment_filter(self, prefix: str = "") -> dict:
        keys = {f"{prefix}organisation_id": self.organisation.pk}
        if self.unit_ids is not None:
            keys[f"{prefix}unit_id__in"] = sorted(self.unit_ids)
        if self.goal is not None:
            keys[f"{prefix}strategy_goal_id"] = self.goal.pk
        return keys

    def staff(self):
        """The people counted as staff: members with a membership in scope."""
        qs = Membership.objects.filter(organisation_id=self.organisation.pk, user__is_active=True)
        if self.unit_ids is not None:
            qs = qs.filter(unit_id__in=sorted(self.unit_ids))
        return qs.values("user_id")

    @property
    def title(self) -> str:
        if self.unit is not None:
            return self.unit.name
        if self.goal is not None:
            return self.goal.title
        return self.organisation.name


def median_hours(histogram: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, count) pairs: the middle value, or the
    mean of the two middle values for an even count."""
    histogram = sorted((h, n) for h, n in histogram if n)
    total = sum(n for _h, n in histogram)
    if not total:
        return None

    def nth(index: int) -> int:
        seen = 0
        for hours, n in histogram:
            seen += n
            if index < seen:
                return hours
        return histogram[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class MeasureRow:
    experiment: Experiment
    measure: Measure
    latest: Decimal | None
    latest_date: date | None

    @property
    def progress(self) -> int | None:
        value = self.measure.progress(self.latest)
        return None if value is None else round(100 * value)

    @property
    def reached(self) -> bool | None:
        return self.measure.target_reached(self.latest)


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    totals: dict = field(default_factory=dict)
    statuses: list = field(default_factory=list)  # (status, label, count)
    timeline: list = field(default_factory=list)  # (label, created, decided)
    staff: int = 0
    participants: dict = field(default_factory=dict)
    medians: dict = field(default_factory=dict)  # kind -> (days or None, count)
    experiments: dict = field(default_factory=dict)
    experiment_statuses: list = field(default_factory=list)
    measures: list = field(default_factory=list)

    @property
    def participation(self) -> float | None:
        return share(self.participants.get("any", 0), self.staff)

    def participation_of(self, key: str) -> float | None:
        return share(self.participants.get(key, 0), self.staff)


def _timeline(rows: dict[date, tuple[int, int]], period: Period) -> list[tuple[str, int, int]]:
    buckets: OrderedDict[str, list[int]] = OrderedDict()
    day = period.start
    while day <= period.end:
        if period.days <= 31:
            label = date_format(day, "SHORT_DATE_FORMAT")
        elif period.days <= 120:
            monday = day - timedelta(days=day.weekday())
            label = _("week %(week)d") % {"week": monday.isocalendar().week}
        else:
            label = f"{day.month}/{day.year % 100:02d}"
        created, decided = rows.get(day, (0, 0))
        bucket = buckets.setdefault(label, [0, 0])
        bucket[0] += created
        bucket[1] += decided
        day += timedelta(days=1)
    return [(label, c, d) for label, (c, d) in buckets.items()]


def build(scope: Scope, period: Period, measure_limit: int = 20) -> Dashboard:
    dashboard = Dashboard(scope, period)
    in_period = {"day__gte": period.start, "day__lte": period.end}
    rows = (
        DailyStats.objects.filter(**scope.stats_filter(), **in_period)
        .values("day", *COUNTERS, "statuses", "first_response_hours", "decision_hours")
        .order_by()
    )
    totals = dict.fromkeys(COUNTERS, 0)
    statuses: Counter = Counter()
    histograms: dict[str, list[int]] = {"first_response": [], "decision": []}
    per_day = {}
    for row in rows:
        for name in COUNTERS:
            totals[name] += row[name]
        statuses.update(row["statuses"] or {})
        add_histogram(histograms["first_response"], row["first_response_hours"] or [])
        add_histogram(histograms["decision"], row["decision_hours"] or [])
        per_day[row["day"]] = (row["ideas_created"], row["ideas_decided"])
    dashboard.totals = totals
    dashboard.timeline = _timeline(per_day, period)
    dashboard.statuses = [(value, label, statuses.get(value, 0)) for value, label in Idea.Status.choices]
    for kind, histogram in histograms.items():
        pairs = [(BUCKET_HOURS[index], n) for index, n in enumerate(histogram) if n]
        hours = median_hours(pairs)
        dashboard.medians[kind] = (None if hours is None else round(hours / 24, 1), sum(histogram))

    staff = scope.staff()
    dashboard.staff = staff.order_by().distinct().count()
    since = period.start
    people = ParticipantActivity.objects.filter(
        organisation_id=scope.organisation.pk,
        goal_key=scope.goal.pk if scope.goal is not None else ParticipantActivity.ALL_GOALS,
        user_id__in=staff, last_active__gte=since,
    ).aggregate(
        any=Count("pk"),
        submitted=Count("pk", filter=Q(last_submitted__gte=since)),
        supported=Count("pk", filter=Q(last_supported__gte=since)),
        commented=Count("pk", filter=Q(last_commented__gte=since)),
    )
    dashboard.participants = {key: value or 0 for key, value in people.items()}

    experiments = Experiment.objects.filter(**scope.experiment_filter())
    by_status = dict(experiments.values("status").annotate(n=Count("pk")).order_by().values_list("status", "n"))
    dashboard.experiment_statuses = [(value, label, by_status.get(value, 0))
                                     for value, label in Experiment.Status.choices]
    decided_in_period = {"decided_at__date__gte": period.start, "decided_at__date__lte": period.end}
    dashboard.experiments = experiments.aggregate(
        active=Count("pk", filter=Q(status__in=Experiment.ACTIVE)),
        running=Count("pk", filter=Q(status=Experiment.Status.RUNNING)),
        started=Count("pk", filter=Q(created_at__date__gte=period.start, created_at__date__lte=period.end)),
        adopted=Count("pk", filter=Q(status=Experiment.Status.ADOPTED, **decided_in_period)),
        iterated=Count("pk", filter=Q(status=Experiment.Status.ITERATING, **decided_in_period)),
        stopped=Count("pk", filter=Q(status=Experiment.Status.STOPPED, **decided_in_period)),
    )

    latest = Result.objects.filter(measure=OuterRef("pk")).order_by("-date", "-pk")
    measures = (
        Measure.objects.filter(**scope.experiment_filter("experiment__"))
        .exclude(experiment__status__in=[Experiment.Status.STOPPED, Experiment.Status.ITERATING])
        .select_related("experiment")
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_date=Subquery(latest.values("date")[:1]))
        .order_by("-experiment__updated_at", "experiment_id", "order", "pk")[:measure_limit]
    )
    dashboard.measures = [MeasureRow(m.experiment, m, m.latest_value, m.latest_date) for m in measures]
    return dashboard


EXPORT_HEADER = (gettext_lazy("Section"), gettext_lazy("Item"), gettext_lazy("Value"),
                 gettext_lazy("Baseline"), gettext_lazy("Target"))


CACHE_SECONDS = 600


def cached_build(scope: Scope, period: Period) -> Dashboard:
    """``build``, kept in the cache until the organisation's figures change."""
    from django.core.cache import cache

    from latu.dashboards.stats import version

    key = ":".join(str(part) for part in (
        "latu:dashboards:page", scope.organisation.pk, version(scope.organisation.pk),
        scope.unit.pk if scope.unit else "-", scope.goal.pk if scope.goal else "-", period.key, period.end,
    ))
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = build(scope, period)
        cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def export_rows(dashboard: Dashboard) -> list[tuple]:
    """The dashboard as rows of (section, item, value, baseline, target) for CSV and
    XLSX; baseline and target are filled for the results of measures."""
    period = dashboard.period
    rows: list[tuple] = [
        (_("Scope"), dashboard.scope.organisation.name, dashboard.scope.title, None, None),
        (_("Period"), period.label, f"{period.start.isoformat()} – {period.end.isoformat()}", None, None),
    ]
    labels = {
        "ideas_created": _("Ideas sent"),
        "ideas_anonymous": _("of which anonymous"),
        "first_responses": _("First responses"),
        "ideas_decided": _("Ideas decided"),
        "supports": _("Supports"),
        "comments": _("Comments"),
    }
    rows += [(_("Ideas"), labels[name], dashboard.totals[name], None, None) for name in COUNTERS]
    rows += [(_("Ideas by status"), str(label), count, None, None) for _value, label, count in dashboard.statuses]
    rows += [
        (_("Participation"), _("Staff"), dashboard.staff, None, None),
        (_("Participation"), _("Took part (%)"), dashboard.participation, None, None),
        (_("Participation"), _("Submitted a named idea (%)"), dashboard.participation_of("submitted"), None, None),
        (_("Participation"), _("Supported (%)"), dashboard.participation_of("supported"), None, None),
        (_("Participation"), _("Commented (%)"), dashboard.participation_of("commented"), None, None),
    ]
    first, first_n = dashboard.medians["first_response"]
    decision, decision_n = dashboard.medians["decision"]
    rows += [
        (_("Response times"), _("Median time to first response (days)"), first, None, None),
        (_("Response times"), _("Ideas with a first response"), first_n, None, None),
        (_("Response times"), _("Median time to decision (days)"), decision, None, None),
        (_("Response times"), _("Ideas decided"), decision_n, None, None),
    ]
    rows += [(_("Ideas sent over time"), label, created, None, None) for label, created, _d in dashboard.timeline]
    rows += [(_("Ideas decided over time"), label, decided, None, None) for label, _c, decided in dashboard.timeline]
    rows += [(_("Experiments by status"), str(label), count, None, None)
             for _value, label, count in dashboard.experiment_statuses]
    rows += [
        (_("Experiments"), _("Adopted in the period"), dashboard.experiments["adopted"], None, None),
        (_("Experiments"), _("Started in the period"), dashboard.experiments["started"], None, None),
    ]
    for row in dashboard.measures:
        unit = f" ({row.measure.unit})" if row.measure.unit else ""
        rows.append((
            _("Results of measures"), f"{row.experiment.title}: {row.measure.indicator}{unit}",
            _number(row.latest), _number(row.measure.baseline), _number(row.measure.target),
        ))
    return rows


def _number(value) -> float | None:
    return None if value is None else float(value)
