"""Who sees the organisation-internal API endpoints: every role × own and other
organisation × units, memberships and strategy goals (list and detail).

Hollola (``org``) and Porvoo (``other_org``) both have units, strategy goals and
people. Members of one never see the other's rows (absent from lists, 404 on detail),
the programme office sees both, a citizen sees neither and an anonymous visitor is
refused."""

import pytest

from latu.access.tests.matrix import assert_no_leak, list_keys
from latu.organisations.factories import StrategyGoalFactory, UnitFactory
from latu.organisations.models import Membership

pytestmark = pytest.mark.django_db

HOLLOLA_ROLES = ["employee", "innovator", "supervisor", "manager", "org_admin"]
ROLES = [*HOLLOLA_ROLES, "outsider", "other_admin", "office", "citizen", "anonymous"]
ENDPOINTS = {
    "units": ("/api/v1/units/", "/api/v1/units/{pk}/"),
    "memberships": ("/api/v1/memberships/", "/api/v1/memberships/{pk}/"),
    "strategy-goals": ("/api/v1/strategy-goals/", "/api/v1/strategy-goals/{pk}/"),
}


@pytest.fixture
def people(request):
    """Role name → person (None for anonymous); every person is created, so each
    organisation has all its members whoever is looking."""
    return {role: (None if role == "anonymous" else request.getfixturevalue(role)) for role in ROLES}


@pytest.fixture
def rows(org, other_org, unit, people):
    """The rows of each organisation, per endpoint."""
    hollola_child = UnitFactory(organisation=org, parent=unit, name_fi="Kotihoito Itä")
    porvoo_unit = UnitFactory(organisation=other_org, name_fi="Hemvård")
    return {
        "units": {org: [unit, hollola_child], other_org: [porvoo_unit]},
        "strategy-goals": {
            org: [StrategyGoalFactory(organisation=org, title_fi="Asukaslähtöisyys")],
            other_org: [StrategyGoalFactory(organisation=other_org, title_fi="Tvåspråkig service")],
        },
        "memberships": {
            org: list(Membership.objects.filter(organisation=org)),
            other_org: list(Membership.objects.filter(organisation=other_org)),
        },
    }


def _sees(role: str, owner: str) -> bool:
    """The matrix: may ``role`` see rows of Hollola (``owner='own'``) or Porvoo (``'other'``)?"""
    if role == "office":
        return True
    if role in HOLLOLA_ROLES:
        return owner == "own"
    if role in ("outsider", "other_admin"):
        return owner == "other"
    return False  # citizen, anonymous


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["own", "other"])
def test_matrix(client_for, people, rows, org, other_org, endpoint, role, owner):
    url_list, url_detail = ENDPOINTS[endpoint]
    objects = rows[endpoint][org if owner == "own" else other_org]
    assert len(objects) >= 1
    person = people[role]
    visible, hidden = ([person], []) if _sees(role, owner) else ([], [person])
    assert_no_leak(client_for, url_list, url_detail, visible, hidden, objects=objects)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_members_see_exactly_their_own_organisations_rows(client_for, people, rows, org, endpoint):
    url_list, _ = ENDPOINTS[endpoint]
    own = sorted(obj.pk for obj in rows[endpoint][org])
    for role in HOLLOLA_ROLES:
        assert sorted(list_keys(client_for(people[role]), url_list)) == own, role


def test_filtering_by_another_organisation_shows_nothing(client_for, employee, other_org, rows):
    for url_list, _ in ENDPOINTS.values():
        assert list_keys(client_for(employee), f"{url_list}?organisation={other_org.pk}") == []


def test_member_of_both_organisations_sees_both(client_for, employee, org, other_org, rows):
    Membership.objects.create(user=employee, organisation=other_org, role="employee")
    for name, (url_list, _) in ENDPOINTS.items():
        expected = {obj.pk for obj in rows[name][org] + rows[name][other_org]}
        if name == "memberships":
            expected |= set(Membership.objects.filter(user=employee).values_list("pk", flat=True))
        assert set(list_keys(client_for(employee), url_list)) == expected, name


def test_deactivated_organisation_hides_its_rows_from_its_members(client_for, employee, org, rows):
    org.is_active = False
    org.save()
    assert_no_leak(
        client_for, "/api/v1/units/", "/api/v1/units/{pk}/", [], [employee], objects=rows["units"][org]
    )


def test_write_methods_are_not_offered(client_for, org_admin, unit):
    client = client_for(org_admin)
    assert client.post("/api/v1/units/", {"name_fi": "Uusi"}).status_code == 405
    response = client.patch(f"/api/v1/units/{unit.pk}/", {"name_fi": "X"}, content_type="application/json")
    assert response.status_code == 405
    assert client.delete(f"/api/v1/units/{unit.pk}/").status_code == 405


def test_list_query_count_does_not_grow_with_rows(client_for, employee, org, django_assert_max_num_queries):
    client = client_for(employee)
    for index in range(30):
        UnitFactory(organisation=org, name_fi=f"Yksikkö {index}")
        StrategyGoalFactory(organisation=org)
    for url_list, _ in ENDPOINTS.values():
        with django_assert_max_num_queries(8):
            assert client.get(url_list).status_code == 200
