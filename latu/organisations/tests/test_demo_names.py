"""The demo's units and strategy goals have Swedish and English names, shown in the
reader's language."""

import io

import pytest
from django.utils import translation

from latu.organisations import demo
from latu.organisations.models import StrategyGoal, Unit

pytestmark = pytest.mark.django_db


def test_every_demo_unit_and_goal_has_swedish_and_english_names():
    demo.load(io.StringIO())
    assert not Unit.objects.filter(name_sv="").exists()
    assert not Unit.objects.filter(name_en="").exists()
    assert not StrategyGoal.objects.filter(title_sv="").exists()
    assert not StrategyGoal.objects.filter(title_en="").exists()
    unit = Unit.objects.get(organisation__slug="porvoo", name_fi="Päiväkoti Vekkula")
    goal = StrategyGoal.objects.filter(organisation__slug="porvoo").first()
    with translation.override("sv"):
        assert unit.name == "Daghemmet Vekkula" and goal.title == goal.title_sv
    with translation.override("en"):
        assert unit.name == "Vekkula day-care centre" and goal.title == goal.title_en
    # Loading again fills names into units created by an older demo, without duplicates.
    count = Unit.objects.count()
    Unit.objects.update(name_en="")
    demo.load(io.StringIO())
    assert Unit.objects.count() == count and not Unit.objects.filter(name_en="").exists()


def test_the_units_api_gives_the_name_in_the_request_language(client_for, org_admin, org):
    Unit.objects.create(organisation=org, name_fi="Kotihoito", name_sv="Hemvård", name_en="Home care")
    client = client_for(org_admin)
    response = client.get("/api/v1/units/", headers={"Accept-Language": "sv"})
    assert response.status_code == 200
    names = [u["name"] for u in response.json().get("results", response.json())]
    assert "Hemvård" in names
