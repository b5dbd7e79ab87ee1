"""Every administration URL: org admins and the programme office get in, the
organisation's other members get 403, people outside it get 404, anonymous people
are sent to sign in. Forbidden POSTs change nothing."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from latu.audit.models import AuditEvent
from latu.organisations.factories import StrategyGoalFactory, member
from latu.organisations.models import Membership, Role, StrategyGoal, Unit

MEMBERS_WITHOUT_ADMIN = ["employee", "innovator", "supervisor", "manager"]
OUTSIDERS = ["other_admin", "outsider"]


@pytest.fixture
def objects(org, unit):
    target = member(org, Role.EMPLOYEE, unit=unit, email="tuuli@hollola.example.fi", name="Tuuli Kohde")
    return {
        "unit": unit,
        "goal": StrategyGoalFactory(organisation=org, title_fi="Asukkaat ensin"),
        "person": target,
        "membership": Membership.objects.get(user=target),
    }


def _urls(org, objects):
    slug = org.slug
    person = objects["person"].pk
    get = [
        reverse("organisations:manage", args=[slug]),
        reverse("organisations:settings", args=[slug]),
        reverse("organisations:units", args=[slug]),
        reverse("organisations:unit_create", args=[slug]),
        reverse("organisations:unit_edit", args=[slug, objects["unit"].pk]),
        reverse("organisations:people", args=[slug]),
        reverse("organisations:people_export", args=[slug]),
        reverse("organisations:person_add", args=[slug]),
        reverse("organisations:people_import", args=[slug]),
        reverse("organisations:people_import_review", args=[slug]),
        reverse("organisations:person", args=[slug, person]),
        reverse("organisations:person_remove", args=[slug, person]),
        reverse("organisations:goals", args=[slug]),
        reverse("organisations:goal_create", args=[slug]),
        reverse("organisations:goal_edit", args=[slug, objects["goal"].pk]),
        reverse("organisations:audit", args=[slug]),
    ]
    post = [
        (reverse("organisations:settings", args=[slug]), {"name_fi": "Kaapattu", "type": "municipality",
                                                          "theme_colour": "#1a5c96", "default_language": "fi"}),
        (reverse("organisations:unit_create", args=[slug]), {"name_fi": "Uusi yksikkö", "level": "unit"}),
        (reverse("organisations:unit_edit", args=[slug, objects["unit"].pk]), {"name_fi": "Muutettu", "level": "unit"}),
        (reverse("organisations:unit_set_active", args=[slug, objects["unit"].pk]), {"active": "0"}),
        (reverse("organisations:person_add", args=[slug]), {"email": "uusi@example.fi", "name": "Uusi",
                                                            "role": "admin"}),
        (reverse("organisations:people_import", args=[slug]), {}),
        (reverse("organisations:people_import_review", args=[slug]), {"mode": "valid"}),
        (reverse("organisations:people_import_cancel", args=[slug]), {}),
        (reverse("organisations:person_invite", args=[slug, person]), {}),
        (reverse("organisations:role_grant", args=[slug, person]), {"role": "admin"}),
        (reverse("organisations:role_revoke", args=[slug, person, objects["membership"].pk]), {}),
        (reverse("organisations:person_remove", args=[slug, person]), {}),
        (reverse("organisations:goal_create", args=[slug]), {"title_fi": "Kaapattu tavoite", "order": "0"}),
        (reverse("organisations:goal_edit", args=[slug, objects["goal"].pk]), {"title_fi": "Muutettu", "order": "0"}),
        (reverse("organisations:goal_set_active", args=[slug, objects["goal"].pk]), {"active": "0"}),
    ]
    return get, post


def _state(org):
    return {
        "org": org.__class__.objects.values_list("name_fi", flat=True).get(pk=org.pk),
        "units": sorted(Unit.objects.filter(organisation=org).values_list("name_fi", "is_active")),
        "goals": sorted(StrategyGoal.objects.filter(organisation=org).values_list("title_fi", "is_active")),
        "memberships": sorted(Membership.objects.filter(organisation=org).values_list("user_id", "role", "unit_id")),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [*((name, 403) for name in MEMBERS_WITHOUT_ADMIN), *((name, 404) for name in OUTSIDERS)],
)
def test_only_admins_get_in(request, client_for, org, objects, who, status, django_capture_on_commit_callbacks):
    client = client_for(request.getfixturevalue(who))
    objects["person"].set_unusable_password()  # an invitation could be sent
    objects["person"].save()
    get, post = _urls(org, objects)
    before = _state(org)
    for url in get:
        assert client.get(url).status_code == status, url
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in post:
            assert client.post(url, data).status_code == status, url
    assert _state(org) == before
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["org_admin", "office"])
def test_admins_and_programme_office_get_in(request, client_for, org, objects, who):
    client = client_for(request.getfixturevalue(who))
    get, _post = _urls(org, objects)
    for url in get:
        response = client.get(url)
        # The import review without an uploaded file sends back to the upload page.
        assert response.status_code in (200, 302), url
        if response.status_code == 302:
            assert url.endswith("/import/review/")


def test_anonymous_people_are_sent_to_sign_in(client, org, objects):
    get, post = _urls(org, objects)
    for url in get:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url
    for url, data in post:
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url


def test_admin_of_another_organisation_cannot_reach_its_objects_through_own_slug(client_for, org, other_org,
                                                                                  other_admin, objects):
    client = client_for(other_admin)
    slug = other_org.slug
    assert client.get(reverse("organisations:unit_edit", args=[slug, objects["unit"].pk])).status_code == 404
    assert client.get(reverse("organisations:goal_edit", args=[slug, objects["goal"].pk])).status_code == 404
    assert client.get(reverse("organisations:person", args=[slug, objects["person"].pk])).status_code == 404
    revoke = reverse("organisations:role_revoke", args=[slug, objects["person"].pk, objects["membership"].pk])
    assert client.post(revoke).status_code == 404
    assert client.post(reverse("organisations:person_remove", args=[slug, objects["person"].pk])).status_code == 404
    assert client.post(reverse("organisations:goal_set_active", args=[slug, objects["goal"].pk]),
                       {"active": "0"}).status_code == 404
    assert Membership.objects.filter(pk=objects["membership"].pk).exists()
    assert StrategyGoal.objects.get(pk=objects["goal"].pk).is_active


def test_unit_limited_admin_role_does_not_open_the_administration(client_for, org, unit):
    # The admin role counts only organisation-wide (the app never grants it for a unit).
    person = member(org, Role.ADMIN, unit=unit, email="osittain@hollola.example.fi")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert client_for(person).get(reverse("organisations:manage", args=[org.slug])).status_code == 403


def test_navigation_shows_administration_to_admins_only(client_for, org, org_admin, employee):
    url = reverse("organisations:manage", args=[org.slug])
    page = reverse("accounts:profile")
    assert f'href="{url}"'.encode() in client_for(org_admin).get(page).content
    assert f'href="{url}"'.encode() not in client_for(employee).get(page).content
