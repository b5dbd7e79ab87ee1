"""Demo indicators for Hollola: two years of monthly sick-leave rate and wellbeing index
for the whole organisation, the sick-leave rate easing as development work picks up."""

from datetime import date

from django.utils import timezone

from latu.indicators.models import Indicator, IndicatorValue
from latu.indicators.queries import months_back
from latu.organisations.models import Organisation


def load(stdout) -> None:
    org = Organisation.objects.filter(slug="hollola").first()
    if org is None or Indicator.objects.filter(organisation=org).exists():
        return
    sick = Indicator.objects.create(organisation=org, kind=Indicator.Kind.SICK_LEAVE, measure="%",
                                    higher_is_better=False)
    wellbeing = Indicator.objects.create(organisation=org, kind=Indicator.Kind.WELLBEING, measure="1–5")
    months: list[date] = months_back(timezone.localdate())
    values = []
    for i, month in enumerate(months):
        seasonal = 0.4 if month.month in (1, 2, 12) else 0.0
        values.append(IndicatorValue(indicator=sick, month=month, value=round(5.8 - 0.05 * i + seasonal, 2)))
        if month.month % 3 == 0:
            values.append(IndicatorValue(indicator=wellbeing, month=month, value=round(3.4 + 0.02 * i, 2)))
    IndicatorValue.objects.bulk_create(values)
    stdout.write(f"Indicators: {len(values)} monthly values for Hollola")
