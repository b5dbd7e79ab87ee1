"""Organisation settings, units and strategy goals through the administration pages."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from latu.audit.models import AuditEvent
from latu.organisations.factories import StrategyGoalFactory, UnitFactory
from latu.organisations.models import Municipality, Organisation, StrategyGoal, Unit


@pytest.fixture
def admin_client(client_for, org_admin):
    return client_for(org_admin)


def url(name, org, *args):
    return reverse(f"organisations:{name}", args=[org.slug, *args])


def test_overview_counts(admin_client, org, unit, employee, innovator):
    StrategyGoalFactory(organisation=org)
    StrategyGoalFactory(organisation=org, is_active=False)
    UnitFactory(organisation=org, is_active=False)
    page = admin_client.get(url("manage", org)).content.decode()
    assert re.search(r'id="count-people">3<', page)  # employee, innovator, the admin
    assert re.search(r'id="count-units">1<', page)
    assert re.search(r'id="count-goals">1<', page)


# --- Settings ------------------------------------------------------------------------------


def settings_data(**changes):
    data = {
        "name_fi": "Hollolan kunta", "name_sv": "Hollola kommun", "name_en": "Municipality of Hollola",
        "type": "municipality", "municipality": "098", "theme_colour": "#1a5c96", "default_language": "fi",
        "public_channel": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1a5c96").save(buffer, "PNG")
    return buffer.getvalue()


def test_save_settings_derives_the_region(admin_client, org, org_admin):
    response = admin_client.post(url("settings", org), settings_data())
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name_en == "Municipality of Hollola"
    assert org.municipality_id == "098"
    assert org.region_id == Municipality.objects.get(code="098").region_id
    assert org.public_channel is True
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORG_CHANGED)
    assert event.actor == org_admin and event.organisation == org
    assert "municipality" in event.data["fields"] and "name_en" in event.data["fields"]


def test_changing_the_municipality_changes_the_region(admin_client, org):
    admin_client.post(url("settings", org), settings_data())
    admin_client.post(url("settings", org), settings_data(municipality="091"))  # Helsinki, Uusimaa
    org.refresh_from_db()
    assert org.region_id == Municipality.objects.get(code="091").region_id
    assert org.region_id != Municipality.objects.get(code="098").region_id


def test_a_theme_colour_without_enough_contrast_is_refused(admin_client, org):
    response = admin_client.post(url("settings", org), settings_data(theme_colour="#ffff00"))
    assert response.status_code == 200
    assert response.context["form"].errors["theme_colour"]
    assert Organisation.objects.get(pk=org.pk).theme_colour != "#ffff00"


def test_saving_unchanged_settings_records_nothing(admin_client, org):
    admin_client.post(url("settings", org), settings_data())
    count = AuditEvent.objects.count()
    admin_client.post(url("settings", org), settings_data())
    assert AuditEvent.objects.count() == count


def test_logo_upload(admin_client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("oma logo.png", png(), content_type="image/png")
    response = admin_client.post(url("settings", org), settings_data(logo=logo))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.logo.name.startswith("logos/hollola")
    assert (tmp_path / org.logo.name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("upload", [
    # SVG is not allowed (it can carry scripts).
    lambda: SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
                               content_type="image/svg+xml"),
    # A GIF is a valid image but not an allowed type.
    lambda: SimpleUploadedFile("logo.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04"
                               b"\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
                               content_type="image/png"),
    # Text pretending to be a PNG.
    lambda: SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png"),
])
def test_logos_that_are_not_png_or_jpeg_are_refused(admin_client, org, settings, tmp_path, upload):
    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(url("settings", org), settings_data(logo=upload()))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    org.refresh_from_db()
    assert not org.logo


def test_logos_over_two_megabytes_are_refused(admin_client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = png() + b"\x00" * (2 * 1024 * 1024)  # still starts as a PNG
    response = admin_client.post(url("settings", org), settings_data(logo=SimpleUploadedFile("big.png", big)))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]


# --- Units ---------------------------------------------------------------------------------------


def test_units_tree(admin_client, org, other_org):
    sector = UnitFactory(organisation=org, name_fi="Sivistyspalvelut", level="sector")
    area = UnitFactory(organisation=org, name_fi="Varhaiskasvatus", level="service_area", parent=sector)
    UnitFactory(organisation=org, name_fi="Päiväkoti Vekkula", parent=area)
    UnitFactory(organisation=other_org, name_fi="Borgå enhet")
    page = admin_client.get(url("units", org)).content.decode()
    # Nested: the unit's list item is inside the service area's, which is inside the sector's.
    assert re.search(r"Sivistyspalvelut</a>.*<ul>.*Varhaiskasvatus</a>.*<ul>.*Päiväkoti Vekkula</a>", page, re.S)
    assert "Borgå enhet" not in page


def test_add_and_edit_a_unit(admin_client, org, org_admin):
    sector = UnitFactory(organisation=org, name_fi="Tekniset palvelut", level="sector")
    assert admin_client.get(url("unit_create", org) + f"?parent={sector.pk}").status_code == 200
    response = admin_client.post(url("unit_create", org), {
        "name_fi": "Ruokapalvelut", "name_sv": "Kosttjänster", "level": "service_area", "parent": sector.pk,
    })
    assert response.status_code == 302
    unit = Unit.objects.get(name_fi="Ruokapalvelut")
    assert (unit.organisation, unit.parent, unit.name_sv) == (org, sector, "Kosttjänster")
    response = admin_client.post(url("unit_edit", org, unit.pk), {
        "name_fi": "Ruoka- ja puhtauspalvelut", "level": "service_area", "parent": sector.pk,
    })
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_fi == "Ruoka- ja puhtauspalvelut"
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.ORG_CHANGED, data__object="unit")
    assert sorted(changes.values_list("data__change", flat=True)) == ["created", "updated"]


def test_a_parent_from_another_organisation_is_refused(admin_client, org, other_org):
    theirs = UnitFactory(organisation=other_org)
    response = admin_client.post(url("unit_create", org), {"name_fi": "Uusi", "level": "unit", "parent": theirs.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert not Unit.objects.filter(name_fi="Uusi").exists()


def test_a_unit_cannot_be_moved_inside_itself(admin_client, org):
    sector = UnitFactory(organisation=org, level="sector")
    child = UnitFactory(organisation=org, parent=sector)
    for parent in (sector, child):
        response = admin_client.post(url("unit_edit", org, sector.pk), {
            "name_fi": sector.name_fi, "level": "sector", "parent": parent.pk,
        })
        assert response.status_code == 200
        assert response.context["form"].errors["parent"]
    sector.refresh_from_db()
    assert sector.parent is None


def test_unit_names_are_unique_under_the_same_parent(admin_client, org, unit):
    response = admin_client.post(url("unit_create", org), {"name_fi": "KOTIHOITO", "level": "unit"})
    assert response.status_code == 200
    assert response.context["form"].errors["name_fi"]
    assert Unit.objects.filter(organisation=org).count() == 1


def test_deactivating_a_unit_deactivates_the_units_below_it(admin_client, org):
    sector = UnitFactory(organisation=org, level="sector")
    area = UnitFactory(organisation=org, parent=sector)
    leaf = UnitFactory(organisation=org, parent=area)
    other = UnitFactory(organisation=org)
    response = admin_client.post(url("unit_set_active", org, area.pk), {"active": "0"})
    assert response.status_code == 302
    assert dict(Unit.objects.values_list("pk", "is_active")) == {
        sector.pk: True, area.pk: False, leaf.pk: False, other.pk: True
    }
    # A unit comes back only when the unit above it is in use.
    admin_client.post(url("unit_set_active", org, leaf.pk), {"active": "1"})
    assert not Unit.objects.get(pk=leaf.pk).is_active
    admin_client.post(url("unit_set_active", org, area.pk), {"active": "1"})
    admin_client.post(url("unit_set_active", org, leaf.pk), {"active": "1"})
    assert Unit.objects.get(pk=leaf.pk).is_active


def test_unit_actions_are_post_only(admin_client, org, unit):
    assert admin_client.get(url("unit_set_active", org, unit.pk)).status_code == 405
    assert Unit.objects.get(pk=unit.pk).is_active


# --- Strategy goals -----------------------------------------------------------------------------


def test_add_edit_and_deactivate_a_strategy_goal(admin_client, org):
    response = admin_client.post(url("goal_create", org), {
        "title_fi": "Hiilineutraali arki", "title_sv": "Koldioxidneutral vardag", "description": "Vähemmän hävikkiä.",
        "starts": "2026-01-01", "ends": "2029-12-31", "order": "2",
    })
    assert response.status_code == 302
    goal = StrategyGoal.objects.get(title_fi="Hiilineutraali arki")
    assert goal.organisation == org and str(goal.ends) == "2029-12-31"
    assert "Hiilineutraali arki" in admin_client.get(url("goals", org)).content.decode()
    admin_client.post(url("goal_edit", org, goal.pk), {"title_fi": "Hiilineutraali Hollola", "order": "1"})
    goal.refresh_from_db()
    assert goal.title_fi == "Hiilineutraali Hollola" and goal.starts is None
    admin_client.post(url("goal_set_active", org, goal.pk), {"active": "0"})
    assert not StrategyGoal.objects.get(pk=goal.pk).is_active
    admin_client.post(url("goal_set_active", org, goal.pk), {"active": "1"})
    assert StrategyGoal.objects.get(pk=goal.pk).is_active
    changes = AuditEvent.objects.filter(data__object="strategy_goal").values_list("data__change", flat=True)
    assert sorted(changes) == ["created", "deactivated", "reactivated", "updated"]


def test_a_goal_cannot_end_before_it_starts(admin_client, org):
    response = admin_client.post(url("goal_create", org), {
        "title_fi": "Takaperin", "starts": "2026-06-01", "ends": "2026-01-01", "order": "0",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["ends"]
    assert not StrategyGoal.objects.exists()


def test_goals_of_other_organisations_are_not_listed(admin_client, org, other_org):
    StrategyGoalFactory(organisation=other_org, title_fi="Borgås mål")
    StrategyGoalFactory(organisation=org, title_fi="Hollolan tavoite")
    page = admin_client.get(url("goals", org)).content.decode()
    assert "Hollolan tavoite" in page and "Borgås mål" not in page
