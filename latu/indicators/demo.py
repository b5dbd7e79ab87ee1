"""Demo indicators for Hollola and Porvoo: two years of the monthly sick-leave rate for
the organisation and one unit, and a quarterly wellbeing index, the sick-leave rate
easing as development work picks up."""

from datetime import date

from django.utils import timezone

from latu.indicators.models import Indicator, IndicatorValue
from latu.indicators.queries import months_back
from latu.organisations.models import Organisation, Unit


def _series(org: Organisation, start: float) -> int:
    sick = Indicator.objects.create(organisation=org, kind=Indicator.Kind.SICK_LEAVE, measure="%",
                                    higher_is_better=False)
    wellbeing = Indicator.objects.create(organisation=org, kind=Indicator.Kind.WELLBEING, measure="1–5")
    unit = Unit.objects.filter(organisation=org, children__isnull=True).order_by("pk").first()
    months: list[date] = months_back(timezone.localdate())
    values = []
    for i, month in enumerate(months):
        seasonal = 0.4 if month.month in (1, 2, 12) else 0.0
        values.append(IndicatorValue(indicator=sick, month=month, value=round(start - 0.05 * i + seasonal, 2)))
        if unit is not None:
            values.append(IndicatorValue(indicator=sick, unit=unit, month=month,
                                         value=round(start + 1.1 - 0.08 * i + seasonal, 2)))
        if month.month % 3 == 0:
            values.append(IndicatorValue(indicator=wellbeing, month=month, value=round(3.4 + 0.02 * i, 2)))
    IndicatorValue.objects.bulk_create(values)
    return len(values)


def load(stdout) -> None:
    for slug, start in (("hollola", 5.8), ("porvoo", 5.2)):
        org = Organisation.objects.filter(slug=slug).first()
        if org is None or Indicator.objects.filter(organisation=org).exists():
            continue
        stdout.write(f"Indicators: {_series(org, start)} monthly values for {slug}")
