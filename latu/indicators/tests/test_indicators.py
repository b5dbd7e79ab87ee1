"""Indicators through HTTP and the API: who sees and enters them, CSV import taken whole
or not at all, and the timeline beside the development activity."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from latu.access.tests.matrix import assert_no_leak
from latu.dashboards.models import DailyStats
from latu.experiments.models import Experiment
from latu.indicators.models import Indicator, IndicatorValue


@pytest.fixture
def sick_leave(org):
    return Indicator.objects.create(organisation=org, kind=Indicator.Kind.SICK_LEAVE, measure="%",
                                    higher_is_better=False)


def _this_month() -> date:
    return timezone.localdate().replace(day=1)


@pytest.mark.parametrize("person, status", [
    ("org_admin", 200), ("manager", 200), ("supervisor", 200), ("employee", 403), ("innovator", 403),
    ("outsider", 404), ("other_admin", 404), ("office", 200),
])
def test_who_sees_the_indicators(request, org, sick_leave, person, status, client_for):
    client = client_for(request.getfixturevalue(person))
    assert client.get(reverse("indicators:list", args=[org.slug])).status_code == status
    assert client.get(reverse("indicators:detail", args=[org.slug, sick_leave.pk])).status_code == status


def test_management_adds_an_indicator_and_enters_a_value(org, manager, client_for):
    client = client_for(manager)
    response = client.post(reverse("indicators:list", args=[org.slug]),
                           {"kind": "customer-satisfaction", "measure": "1–5", "higher_is_better": "on"})
    indicator = Indicator.objects.get()
    assert response.url == reverse("indicators:detail", args=[org.slug, indicator.pk])
    client.post(reverse("indicators:detail", args=[org.slug, indicator.pk]), {"month": "2026-10", "value": "4,2"})
    client.post(reverse("indicators:detail", args=[org.slug, indicator.pk]), {"month": "2026-10", "value": "4.3"})
    value = IndicatorValue.objects.get()
    assert value.month == date(2026, 10, 1) and value.value == Decimal("4.3")


def test_own_indicator_needs_a_name(org, manager, client_for):
    page = client_for(manager).post(reverse("indicators:list", args=[org.slug]), {"kind": "other"})
    assert "error-summary" in page.content.decode() and Indicator.objects.count() == 0


def test_a_supervisor_cannot_enter_values(org, sick_leave, supervisor, client_for):
    url = reverse("indicators:detail", args=[org.slug, sick_leave.pk])
    assert client_for(supervisor).post(url, {"month": "2026-10", "value": "3"}).status_code == 403
    assert IndicatorValue.objects.count() == 0


def _upload(text: str | bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("values.csv", text.encode() if isinstance(text, str) else text, "text/csv")


def test_csv_import_stores_every_row(org, unit, sick_leave, org_admin, client_for):
    csv = "indicator;month;value;unit\nsick-leave;2026-09;5,1;\nSairauspoissaoloaste;2026-10;4,9;Kotihoito\n"
    client_for(org_admin).post(reverse("indicators:import", args=[org.slug]), {"file": _upload(csv)})
    assert set(IndicatorValue.objects.values_list("month", "unit__name_fi", "value", "source")) == {
        (date(2026, 9, 1), None, Decimal("5.100"), "import"),
        (date(2026, 10, 1), "Kotihoito", Decimal("4.900"), "import"),
    }


@pytest.mark.parametrize("content", [
    "indicator;month;value\nsick-leave;2026-09;5,1\nsick-leave;syyskuu;5\n",     # a bad month
    "indicator;month;value\nsick-leave;2026-09;paljon\n",                       # not a number
    "indicator;month;value\nno-such;2026-09;5\n",                               # unknown indicator
    "indicator;month;value;unit\nsick-leave;2026-09;5;Ei ole\n",                # unknown unit
    "indicator;month;value;value\nsick-leave;2026-09;5;6\n",                    # duplicate header
    b"indicator;month;value\nsick-leave;2026-09;5\x00\n",                       # NUL byte
    b"indicator;month;value\n\xff\xfe;2026-09;5\n",                             # not UTF-8
])
def test_a_bad_csv_stores_nothing_and_says_why(org, sick_leave, org_admin, client_for, content):
    page = client_for(org_admin).post(reverse("indicators:import", args=[org.slug]), {"file": _upload(content)})
    assert page.status_code == 400 and "error-summary" in page.content.decode()
    assert IndicatorValue.objects.count() == 0


def test_timeline_puts_the_indicator_beside_development_activity(org, sick_leave, supervisor, client_for):
    month = _this_month()
    IndicatorValue.objects.create(indicator=sick_leave, month=month, value=Decimal("4.5"))
    DailyStats.objects.create(organisation=org, day=month, ideas_created=7, ideas_decided=2)
    Experiment.objects.create(organisation=org, title="Kokeilu", status=Experiment.Status.ADOPTED,
                              decided_at=timezone.now())
    page = client_for(supervisor).get(reverse("indicators:detail", args=[org.slug, sick_leave.pk]))
    timeline = page.context["timeline"]
    assert len(timeline.months) == 24 and timeline.months[-1] == month
    assert timeline.rows[-1][1:] == (4.5, 7, 2, 1, 1)
    assert timeline.values[:-1] == [None] * 23
    html = page.content.decode()
    assert 'id="timeline-table"' in html and "chart" in html


def test_indicators_through_the_api(org, sick_leave, unit, manager, supervisor, outsider, office, employee,
                                    client_for):
    assert_no_leak(client_for, "/api/v1/indicators/", "/api/v1/indicators/{pk}/", objects=[sick_leave],
                   visible_to=[manager, supervisor, office], hidden_from=[outsider, employee, None])
    url = f"/api/v1/indicators/{sick_leave.pk}/values/"
    body = {"values": [{"month": "2026-08-15", "value": "5.5"}, {"month": "2026-08-01", "unit": unit.pk,
                                                                 "value": "6.0"}]}
    assert client_for(supervisor).post(url, body, content_type="application/json").status_code == 403
    response = client_for(manager).post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json() == {"stored": 2}
    assert IndicatorValue.objects.filter(month=date(2026, 8, 1), source="api").count() == 2
    listed = client_for(supervisor).get(url).json()
    assert {row["value"] for row in listed} == {"5.500", "6.000"}
    bad = client_for(manager).post(url, {"values": [{"month": "2026-08-01", "value": "x"}]},
                                   content_type="application/json")
    assert bad.status_code == 400 and IndicatorValue.objects.count() == 2
