"""Shared fixtures: named people in two organisations.

In "Hollola" (``org``): Eeva the employee, Into the innovator, Eino the supervisor,
Maija the manager (johto) and Aino the org admin. Olli is an employee of another
organisation ("Porvoo", ``other_org``) and must never see Hollola's internal data.
Paula works in the programme office; Kalle is a citizen with no organisation.
"""

import pytest
from allauth.mfa.models import Authenticator

from latu.organisations.factories import OrganisationFactory, UnitFactory, UserFactory, member
from latu.organisations.models import Organisation, Role


@pytest.fixture
def org(db) -> Organisation:
    return OrganisationFactory(slug="hollola", name_fi="Hollolan kunta", name_sv="Hollola kommun")


@pytest.fixture
def other_org(db) -> Organisation:
    return OrganisationFactory(slug="porvoo", name_fi="Porvoon kaupunki", name_sv="Borgå stad")


@pytest.fixture
def unit(org):
    return UnitFactory(organisation=org, name_fi="Kotihoito")


def _with_totp(user):
    # Privileged roles must have TOTP; tests sign them in as if it were set up.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def employee(org):
    return member(org, Role.EMPLOYEE, email="eeva@hollola.example.fi", name="Eeva Työntekijä")


@pytest.fixture
def innovator(org):
    return member(org, Role.INNOVATOR, email="into@hollola.example.fi", name="Into Uudistaja")


@pytest.fixture
def supervisor(org):
    return member(org, Role.SUPERVISOR, email="eino@hollola.example.fi", name="Eino Esihenkilö")


@pytest.fixture
def manager(org):
    return member(org, Role.MANAGER, email="maija@hollola.example.fi", name="Maija Johtaja")


@pytest.fixture
def org_admin(org):
    return _with_totp(member(org, Role.ADMIN, email="aino@hollola.example.fi", name="Aino Ylläpitäjä"))


@pytest.fixture
def outsider(other_org):
    return member(other_org, Role.EMPLOYEE, email="olli@porvoo.example.fi", name="Olli Ulkopuolinen")


@pytest.fixture
def other_admin(other_org):
    return _with_totp(member(other_org, Role.ADMIN, email="pirjo@porvoo.example.fi", name="Pirjo Porvoo"))


@pytest.fixture
def office(db):
    return _with_totp(UserFactory(email="paula@ohjelma.example.fi", name="Paula Ohjelmatoimisto",
                                  is_programme_office=True))


@pytest.fixture
def citizen(db):
    return UserFactory(email="kalle@example.com", name="Kalle Kuntalainen", is_citizen=True)


@pytest.fixture
def client_for(client):
    """``client_for(person)`` → a test client signed in as that person."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, used TOTP codes, kept figures, memberships and API tokens live in the
    cache; every test starts with an empty one so they do not leak between tests (SQLite
    reuses ids after a rollback). So do the unit lists and queued announcements each process
    keeps."""
    from django.core.cache import cache

    from latu.ideas.actions import forget_queued_announcements
    from latu.organisations.units import forget_local

    cache.clear()
    forget_local()
    forget_queued_announcements()


@pytest.fixture(autouse=True)
def _dispatch_events_at_once(monkeypatch):
    """Tests run inside one transaction that never commits, so events (and the
    notifications listening to them) and the background work started after a commit
    (announcing new ideas) are dispatched at once instead of on commit."""
    monkeypatch.setattr("latu.core.events.on_commit", lambda callback, *args, **kwargs: callback())


@pytest.fixture
def events():
    """Events emitted during the test."""
    from latu.core.events import Event, events_emitted

    captured: list[Event] = []

    def receiver(sender, events, **kwargs):
        captured.extend(events)

    events_emitted.connect(receiver, dispatch_uid="test-events")
    try:
        yield captured
    finally:
        events_emitted.disconnect(dispatch_uid="test-events")
