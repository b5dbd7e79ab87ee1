"""Page contexts of the indicators: the list and one indicator on a timeline beside the
development activity Latu counts itself, month by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from latu import access
from latu.core import charts
from latu.dashboards.models import DailyStats
from latu.experiments.models import Experiment
from latu.organisations.models import Organisation, Unit

from .models import Indicator, IndicatorValue

MONTHS = 24


def indicator_list(user, organisation: Organisation) -> dict:
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), unit=None).order_by("-month")
    indicators = list(
        access.scope(user, Indicator).filter(organisation=organisation)
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_month=Subquery(latest.values("month")[:1]))
    )
    return {"organisation": organisation, "indicators": indicators}


def months_back(today: date, count: int = MONTHS) -> list[date]:
    months, year, month = [], today.year, today.month
    for _i in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


@dataclass
class Timeline:
    indicator: Indicator
    unit: Unit | None
    months: list[date]
    values: list[float | None]
    ideas_sent: list[int]
    ideas_decided: list[int]
    experiments_started: list[int]
    experiments_adopted: list[int]
    indicator_chart: charts.Chart
    activity_chart: charts.Chart

    @property
    def rows(self) -> list[tuple]:
        return list(zip(self.months, self.values, self.ideas_sent, self.ideas_decided, self.experiments_started,
                        self.experiments_adopted, strict=True))


def _by_month(rows) -> dict[date, int]:
    return {row[0].date() if hasattr(row[0], "date") else row[0]: row[1] for row in rows if row[0] is not None}


def timeline(indicator: Indicator, unit: Unit | None, today: date) -> Timeline:
    months = months_back(today)
    start = months[0]
    values = dict(IndicatorValue.objects.filter(indicator=indicator, unit=unit, month__gte=start)
                  .values_list("month", "value"))
    stats = (DailyStats.objects.filter(organisation_id=indicator.organisation_id, unit=unit, strategy_goal=None,
                                       day__gte=start)
             .annotate(m=TruncMonth("day")).values("m").order_by("m")
             .annotate(sent=Sum("ideas_created"), decided=Sum("ideas_decided")).values_list("m", "sent", "decided"))
    sent = {m: s for m, s, _d in stats}
    decided = {m: d for m, _s, d in stats}
    experiments = Experiment.objects.filter(organisation_id=indicator.organisation_id)
    if unit is not None:
        experiments = experiments.filter(unit_id__in=unit.descendant_ids())
    started = _by_month(experiments.filter(created_at__date__gte=start).annotate(m=TruncMonth("created_at"))
                        .values("m").order_by("m").annotate(n=Count("pk")).values_list("m", "n"))
    adopted = _by_month(experiments.filter(status=Experiment.Status.ADOPTED, decided_at__date__gte=start)
                        .annotate(m=TruncMonth("decided_at")).values("m").order_by("m").annotate(n=Count("pk"))
                        .values_list("m", "n"))
    labels = [f"{m.month}/{m.year}" for m in months]
    series = [float(values[m]) if m in values else None for m in months]
    ideas_sent = [int(sent.get(m) or 0) for m in months]
    ideas_decided = [int(decided.get(m) or 0) for m in months]
    experiments_started = [started.get(m, 0) for m in months]
    experiments_adopted = [adopted.get(m, 0) for m in months]
    return Timeline(
        indicator, unit, months, series, ideas_sent, ideas_decided, experiments_started, experiments_adopted,
        charts.line_chart(indicator.name, labels, [(indicator.name, series)], unit=indicator.measure),
        charts.bar_chart(_("Development activity"), labels, [
            (_("Ideas sent"), ideas_sent), (_("Ideas decided"), ideas_decided),
            (_("Experiments started"), experiments_started), (_("Experiments adopted"), experiments_adopted),
        ]),
    )


def indicator_page(user, indicator: Indicator, unit: Unit | None, today: date) -> dict:
    return {
        "indicator": indicator,
        "organisation": indicator.organisation,
        "timeline": timeline(indicator, unit, today),
        "units": list(Unit.objects.filter(organisation_id=indicator.organisation_id, is_active=True)
                      .order_by("name_fi")),
        "unit": unit,
        "can_manage": access.can(user, "manage", indicator),
    }
