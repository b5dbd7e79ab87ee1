"""The role lookups and the policy registry in latu.access.base."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.test import APIRequestFactory

from latu import access
from latu.access.base import HANDLERS, LEADERS, ORG_ADMIN, forget
from latu.access.drf import PolicyPermission
from latu.organisations.factories import MembershipFactory, StrategyGoalFactory, UnitFactory, member
from latu.organisations.models import Organisation, Role, StrategyGoal, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(org):
    """Hollola: Sote (sector) → Kotihoito (service area) → Itä and Länsi (units);
    Sivistys (sector) → Koulut (unit)."""
    sote = UnitFactory(organisation=org, name_fi="Sote", level=Unit.Level.SECTOR)
    kotihoito = UnitFactory(organisation=org, parent=sote, name_fi="Kotihoito", level=Unit.Level.SERVICE_AREA)
    ita = UnitFactory(organisation=org, parent=kotihoito, name_fi="Itä")
    lansi = UnitFactory(organisation=org, parent=kotihoito, name_fi="Länsi")
    sivistys = UnitFactory(organisation=org, name_fi="Sivistys", level=Unit.Level.SECTOR)
    koulut = UnitFactory(organisation=org, parent=sivistys, name_fi="Koulut")
    return {u.name_fi: u for u in (sote, kotihoito, ita, lansi, sivistys, koulut)}


@pytest.fixture
def kotihoito_supervisor(org, tree):
    return member(org, Role.SUPERVISOR, unit=tree["Kotihoito"], email="esihenkilo@hollola.example.fi")


# --- has_role -----------------------------------------------------------------------


def test_unit_limited_role_covers_its_unit_and_the_units_below(kotihoito_supervisor, org, tree):
    for name in ("Kotihoito", "Itä", "Länsi"):
        assert access.has_role(kotihoito_supervisor, org, {Role.SUPERVISOR}, unit=tree[name]), name


def test_unit_limited_role_does_not_cover_units_above_or_beside(kotihoito_supervisor, org, tree):
    for name in ("Sote", "Sivistys", "Koulut"):
        assert not access.has_role(kotihoito_supervisor, org, {Role.SUPERVISOR}, unit=tree[name]), name


def test_unit_limited_role_does_not_count_organisation_wide(kotihoito_supervisor, org):
    assert not access.has_role(kotihoito_supervisor, org, {Role.SUPERVISOR})
    assert not access.has_role(kotihoito_supervisor, org, LEADERS)


def test_organisation_wide_role_covers_every_unit(supervisor, org, tree):
    assert access.has_role(supervisor, org, {Role.SUPERVISOR})
    for unit in tree.values():
        assert access.has_role(supervisor, org, LEADERS, unit=unit)


def test_has_role_is_per_organisation_and_per_role(supervisor, org, other_org, tree):
    assert not access.has_role(supervisor, other_org, {Role.SUPERVISOR})
    assert not access.has_role(supervisor, org, ORG_ADMIN)
    assert access.has_role(supervisor, org.pk, HANDLERS)  # an id works as well as the object


def test_has_role_for_people_without_roles(citizen, org):
    assert not access.has_role(citizen, org, set(Role))
    assert not access.has_role(AnonymousUser(), org, set(Role))
    assert not access.has_role(None, org, set(Role))


def test_several_memberships_combine(org, tree):
    person = member(org, Role.EMPLOYEE, email="monta@hollola.example.fi")
    MembershipFactory(user=person, organisation=org, role=Role.INNOVATOR, unit=tree["Koulut"])
    assert access.org_roles(person, org) == {Role.EMPLOYEE, Role.INNOVATOR}
    assert access.has_role(person, org, {Role.INNOVATOR}, unit=tree["Koulut"])
    assert not access.has_role(person, org, {Role.INNOVATOR}, unit=tree["Itä"])


# --- unit_scope_ids -----------------------------------------------------------------


def test_unit_scope_of_a_unit_limited_role_is_the_subtree(kotihoito_supervisor, org, tree):
    expected = {tree[name].pk for name in ("Kotihoito", "Itä", "Länsi")}
    assert access.unit_scope_ids(kotihoito_supervisor, org, {Role.SUPERVISOR}) == expected


def test_unit_scope_joins_several_subtrees(kotihoito_supervisor, org, tree):
    MembershipFactory(user=kotihoito_supervisor, organisation=org, role=Role.SUPERVISOR, unit=tree["Sivistys"])
    forget(kotihoito_supervisor)
    expected = {tree[name].pk for name in ("Kotihoito", "Itä", "Länsi", "Sivistys", "Koulut")}
    assert access.unit_scope_ids(kotihoito_supervisor, org, {Role.SUPERVISOR}) == expected


def test_unit_scope_of_an_organisation_wide_role_is_none(kotihoito_supervisor, org):
    MembershipFactory(user=kotihoito_supervisor, organisation=org, role=Role.SUPERVISOR)
    forget(kotihoito_supervisor)
    assert access.unit_scope_ids(kotihoito_supervisor, org, {Role.SUPERVISOR}) is None


def test_unit_scope_without_the_role_is_empty(employee, org, other_org):
    assert access.unit_scope_ids(employee, org, LEADERS) == set()
    assert access.unit_scope_ids(employee, other_org, {Role.EMPLOYEE}) == set()


# --- memberships and simple lookups -------------------------------------------------------


def test_memberships_are_loaded_once_per_user_object(employee, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = access.memberships(employee)
        access.memberships(employee)
        access.org_roles(employee, first[0].organisation)
        access.member_organisation_ids(employee)
        access.has_role(employee, first[0].organisation, {Role.EMPLOYEE})
        assert first[0].organisation.slug == "hollola"  # organisation and unit come with them


def test_forget_reloads_after_a_role_change(employee, org):
    assert access.org_roles(employee, org) == {Role.EMPLOYEE}
    MembershipFactory(user=employee, organisation=org, role=Role.INNOVATOR)
    assert access.org_roles(employee, org) == {Role.EMPLOYEE}  # cached
    forget(employee)
    assert access.org_roles(employee, org) == {Role.EMPLOYEE, Role.INNOVATOR}
    forget(employee)  # forgetting twice is harmless


def test_inactive_people_and_organisations_give_no_memberships(employee, org):
    employee.is_active = False
    assert access.memberships(employee) == []
    employee.is_active = True
    forget(employee)
    Organisation.objects.filter(pk=org.pk).update(is_active=False)
    assert access.memberships(employee) == []
    assert not access.is_member(employee, org)


def test_anonymous_has_nothing():
    anonymous = AnonymousUser()
    assert access.memberships(anonymous) == []
    assert access.member_organisation_ids(anonymous) == set()
    assert not access.is_programme_office(anonymous)
    assert not access.is_programme_office(None)


def test_membership_lookups(employee, outsider, org, other_org):
    assert access.member_organisation_ids(employee) == {org.pk}
    assert access.is_member(employee, org) and access.is_member(employee, org.pk)
    assert not access.is_member(employee, other_org)
    assert access.is_member(outsider, other_org)


def test_programme_office_flag(office, employee):
    assert access.is_programme_office(office)
    assert not access.is_programme_office(employee)
    office.is_active = False
    assert not access.is_programme_office(office)


# --- scope, can and get_or_404 ------------------------------------------------------------


def test_get_or_404_returns_a_visible_object(employee, unit):
    assert access.get_or_404(employee, Unit, pk=unit.pk) == unit
    assert access.get_or_404(employee, Unit.objects.filter(is_active=True), pk=unit.pk) == unit


def test_get_or_404_hides_what_the_person_may_not_see(outsider, citizen, unit):
    for person in (outsider, citizen, AnonymousUser()):
        with pytest.raises(Http404):
            access.get_or_404(person, Unit, pk=unit.pk)


def test_get_or_404_refuses_with_403_what_is_visible_but_not_allowed(employee, org_admin, unit):
    with pytest.raises(PermissionDenied):
        access.get_or_404(employee, Unit, "manage", pk=unit.pk)
    assert access.get_or_404(org_admin, Unit, "manage", pk=unit.pk) == unit


def test_get_or_404_hides_before_it_refuses(outsider, unit):
    # Not visible and not allowed: 404, so the refusal does not reveal the object.
    with pytest.raises(Http404):
        access.get_or_404(outsider, Unit, "manage", pk=unit.pk)


@pytest.mark.parametrize("lookup", [{"pk": 999999}, {"pk": "abc"}, {"pk": None}])
def test_get_or_404_with_a_bad_or_missing_key(employee, unit, lookup):
    with pytest.raises(Http404):
        access.get_or_404(employee, Unit, **lookup)


def test_scope_narrows_querysets(employee, office, citizen, org, other_org, unit):
    StrategyGoalFactory(organisation=org)
    StrategyGoalFactory(organisation=other_org)
    assert set(access.scope(employee, StrategyGoal).values_list("organisation", flat=True)) == {org.pk}
    assert access.scope(office, StrategyGoal).count() == 2
    assert access.scope(citizen, StrategyGoal).count() == 0
    # A queryset keeps its own filters.
    assert access.scope(office, StrategyGoal.objects.filter(organisation=other_org)).count() == 1


def test_scope_of_an_unknown_action_is_empty(org_admin, unit):
    assert access.scope(org_admin, Unit, "destroy").count() == 0
    assert not access.can(org_admin, "destroy", unit)


def test_can(employee, org_admin, office, outsider, unit):
    assert access.can(employee, "view", unit)
    assert not access.can(employee, "manage", unit)
    assert access.can(org_admin, "manage", unit)
    assert access.can(office, "manage", unit)
    assert not access.can(outsider, "view", unit)


def test_models_without_a_policy_are_refused_loudly(employee):
    from django.contrib.sites.models import Site

    with pytest.raises(LookupError):
        access.scope(employee, Site)
    with pytest.raises(LookupError):
        access.can(employee, "view", Site.objects.get_current())


def test_base_policy_allows_nothing(employee, unit):
    policy = access.Policy()
    assert policy.scope(employee, Unit.objects.all(), "view").count() == 0
    assert not policy.allows(employee, "view", unit)


# --- the REST framework permission --------------------------------------------------------


class _View:
    def __init__(self, action=None, policy_actions=None):
        self.action = action
        if policy_actions is not None:
            self.policy_actions = policy_actions


def _request(method, user):
    request = getattr(APIRequestFactory(), method.lower())("/")
    request.user = user
    return request


def test_policy_permission_maps_methods_to_policy_actions(employee, org_admin, unit):
    permission = PolicyPermission()
    assert permission.has_object_permission(_request("GET", employee), _View("retrieve"), unit)
    # Unsafe methods default to "change", which the organisation policy does not grant.
    assert not permission.has_object_permission(_request("PATCH", org_admin), _View("partial_update"), unit)
    view = _View("partial_update", {"partial_update": "manage"})
    assert permission.has_object_permission(_request("PATCH", org_admin), view, unit)
    assert not permission.has_object_permission(_request("PATCH", employee), view, unit)
    by_method = _View(None, {"DELETE": "manage"})
    assert permission.has_object_permission(_request("DELETE", org_admin), by_method, unit)


# --- memberships kept in the shared cache between requests -------------------------------


def fresh(user):
    """The same person as a new request would load them."""
    return type(user).objects.get(pk=user.pk)


def test_memberships_are_kept_between_requests(employee, org, django_assert_num_queries):
    access.memberships(fresh(employee))
    again = fresh(employee)
    with django_assert_num_queries(0):
        assert [m.role for m in access.memberships(again)] == [Role.EMPLOYEE]
        assert access.memberships(again)[0].organisation.slug == "hollola"


def test_a_new_or_removed_role_is_seen_by_the_next_request(employee, org, unit):
    assert access.org_roles(fresh(employee), org) == {Role.EMPLOYEE}
    extra = MembershipFactory(user=employee, organisation=org, role=Role.INNOVATOR, unit=unit)
    assert access.org_roles(fresh(employee), org) == {Role.EMPLOYEE, Role.INNOVATOR}
    extra.delete()
    assert access.org_roles(fresh(employee), org) == {Role.EMPLOYEE}


def test_a_changed_organisation_or_unit_is_seen_by_the_next_request(employee, org, unit):
    MembershipFactory(user=employee, organisation=org, role=Role.SUPERVISOR, unit=unit)
    assert {m.unit.name_fi for m in access.memberships(fresh(employee)) if m.unit} == {"Kotihoito"}
    unit.name_fi = "Kotihoito ja kuntoutus"
    unit.save()
    assert {m.unit.name_fi for m in access.memberships(fresh(employee)) if m.unit} == {"Kotihoito ja kuntoutus"}
    org.is_active = False
    org.save()
    assert access.memberships(fresh(employee)) == []


def test_a_deactivated_unit_is_seen_by_the_next_request(employee, org, unit, org_admin):
    from latu.organisations.actions import set_unit_active

    MembershipFactory(user=employee, organisation=org, role=Role.SUPERVISOR, unit=unit)
    assert all(m.unit is None or m.unit.is_active for m in access.memberships(fresh(employee)))
    set_unit_active(unit, False, actor=org_admin)  # a bulk update: no signals
    assert [m.unit.is_active for m in access.memberships(fresh(employee)) if m.unit] == [False]


def test_imported_roles_are_seen_by_the_next_request(employee, org, org_admin):
    from latu.organisations.actions import import_people
    from latu.organisations.imports import PersonRow

    assert access.org_roles(fresh(employee), org) == {Role.EMPLOYEE}
    import_people(org, [PersonRow(row=2, email=employee.email, name=employee.name, title="", role=Role.INNOVATOR,
                                  unit_id=None)], actor=org_admin)  # bulk_create: no signals
    assert access.org_roles(fresh(employee), org) == {Role.EMPLOYEE, Role.INNOVATOR}


def test_a_role_held_organisation_wide_or_not_at_all_needs_no_unit_lookups(org, tree, innovator, employee,
                                                                           kotihoito_supervisor,
                                                                           django_assert_num_queries):
    unit = Unit.objects.get(pk=tree["Itä"].pk)  # its parents not loaded
    for person in (innovator, employee):
        access.memberships(person)
    with django_assert_num_queries(0):
        assert access.has_role(innovator, org, [Role.INNOVATOR], unit=unit)
        assert not access.has_role(employee, org, [Role.SUPERVISOR], unit=unit)
    access.memberships(kotihoito_supervisor)
    with django_assert_num_queries(2):  # Itä → Kotihoito → Sote
        assert access.has_role(kotihoito_supervisor, org, [Role.SUPERVISOR], unit=unit)
