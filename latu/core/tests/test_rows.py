"""The reads written once per process (latu.core.rows) give what their ORM querysets give."""

import pytest
from rest_framework.authtoken.models import Token

from latu.access.base import read_memberships
from latu.api.authentication import read_token
from latu.organisations.factories import MembershipFactory, OrganisationFactory, UnitFactory, UserFactory
from latu.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


def values(instance) -> dict:
    """Every loaded field of an instance, as Python values."""
    deferred = instance.get_deferred_fields()
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            if f.attname not in deferred}


def test_memberships_are_those_of_the_orm_with_their_organisations_and_units(employee, org, unit):
    MembershipFactory(user=employee, organisation=org, role=Role.INNOVATOR, unit=unit)
    closed = OrganisationFactory(slug="suljettu", is_active=False)
    MembershipFactory(user=employee, organisation=closed, role=Role.EMPLOYEE)
    other = UnitFactory(organisation=OrganisationFactory(slug="lahti"), name_fi="Kirjasto")
    MembershipFactory(user=employee, organisation=other.organisation, role=Role.SUPERVISOR, unit=other)

    expected = list(Membership.objects.filter(user=employee, organisation__is_active=True)
                    .select_related("organisation", "unit").order_by("pk"))
    found = read_memberships(employee.pk)

    assert len(found) == 3 == len(expected)
    for mine, theirs in zip(found, expected, strict=True):
        assert values(mine) == values(theirs)
        assert values(mine.organisation) == values(theirs.organisation)
        assert (mine.unit and values(mine.unit)) == (theirs.unit and values(theirs.unit))
        assert type(mine.organisation.is_active) is bool and type(mine.created_at) is type(theirs.created_at)
    assert [m.unit for m in found].count(None) == 1  # the plain membership has no unit
    assert "suljettu" not in {m.organisation.slug for m in found}


def test_the_token_comes_with_its_person_but_without_the_password_hash(employee):
    token = Token.objects.create(user=employee)
    found, memberships = read_token(token.key)
    assert found.key == token.key and found.user_id == employee.pk
    assert values(found.user) == {k: v for k, v in values(type(employee).objects.get(pk=employee.pk)).items()
                                  if k != "password"}
    assert found.user.get_deferred_fields() == {"password"}
    assert read_token("0" * 40) is None


def test_the_token_comes_with_the_memberships_the_orm_gives(employee, org, unit):
    MembershipFactory(user=employee, organisation=org, role=Role.INNOVATOR, unit=unit)
    MembershipFactory(user=employee, organisation=OrganisationFactory(slug="suljettu", is_active=False))
    token = Token.objects.create(user=employee)

    _, memberships = read_token(token.key)

    expected = read_memberships(employee.pk)
    assert [m.pk for m in memberships] == [m.pk for m in expected] and len(expected) == 2  # the fixture's own too
    for mine, theirs in zip(memberships, expected, strict=True):
        assert values(mine) == values(theirs)
        assert values(mine.organisation) == values(theirs.organisation)
        assert (mine.unit and values(mine.unit)) == (theirs.unit and values(theirs.unit))


def test_a_token_of_a_person_without_memberships_comes_alone(db):
    person = UserFactory()
    token = Token.objects.create(user=person)
    found, memberships = read_token(token.key)
    assert found.user_id == person.pk and memberships == []


def test_a_token_request_reads_the_person_and_memberships_once(employee, django_assert_num_queries):
    from latu.api.tests.test_authentication import ME, token_client

    token = Token.objects.create(user=employee)
    with django_assert_num_queries(1):  # the token with its person and the memberships
        response = token_client(token.key).get(ME)
    assert response.status_code == 200
    with django_assert_num_queries(0):  # both kept
        assert token_client(token.key).get(ME).json()["email"] == employee.email


def test_on_postgresql_a_read_is_prepared_once_per_connection(employee, django_assert_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    expected = [employee.memberships.get().organisation_id]
    with django_assert_num_queries(8):  # still seen (and counted) as Django's own queries
        for _ in range(8):
            assert [m.organisation_id for m in read_memberships(employee.pk)] == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ['%FROM "organisations_membership" "m"%'])
        assert cursor.fetchone()[0] == 1


def test_a_new_idea_is_inserted_as_save_would_and_nothing_listens_to_its_saving(org, employee, unit):
    from django.db.models.signals import post_save, pre_save

    from latu.core.rows import insert_one
    from latu.ideas.models import Idea

    # insert_one sends no signals: a receiver for ideas would have to be called by hand.
    assert not post_save.has_listeners(Idea) and not pre_save.has_listeners(Idea)
    idea = insert_one(Idea(organisation=org, unit=unit, author=employee, title="Otsikko", description="Kuvaus",
                           submission_key="k" * 64, language="fi", announced=False))
    assert idea.pk and not idea._state.adding
    stored = Idea.objects.get(pk=idea.pk)
    assert values(stored) == values(idea)
    assert (stored.status, stored.version, stored.support_count) == (Idea.Status.NEW, 1, 0)
    assert stored.created_at is not None
