"""Signing in to the API: a personal token (created on the profile page) or the
browser session; anonymous requests get 401 on member endpoints."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from latu.organisations.factories import member
from latu.organisations.models import Role

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def token_client(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def create_token(client) -> str:
    response = client.post(reverse("accounts:api_token"), {"action": "create"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    return response


def test_token_from_the_profile_page_signs_in_to_the_api(client_for, employee, org):
    client = client_for(employee)
    create_token(client)
    token = Token.objects.get(user=employee)
    # The key is shown once, in the message on the profile page.
    assert token.key in client.get(reverse("accounts:profile")).content.decode()
    assert token.key not in client.get(reverse("accounts:profile")).content.decode()

    response = token_client(token.key).get(ME)
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["email"], data["name"]) == (employee.pk, employee.email, employee.name)
    assert data["memberships"] == [{"organisation": org.slug, "unit": None, "role": Role.EMPLOYEE}]


def test_replacing_the_token_invalidates_the_old_one(client_for, employee):
    client = client_for(employee)
    create_token(client)
    old = Token.objects.get(user=employee).key
    create_token(client)
    new = Token.objects.get(user=employee).key
    assert new != old
    assert token_client(old).get(ME).status_code == 401
    assert token_client(new).get(ME).status_code == 200


def test_revoked_token_no_longer_works(client_for, employee):
    client = client_for(employee)
    create_token(client)
    key = Token.objects.get(user=employee).key
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert not Token.objects.filter(user=employee).exists()
    assert token_client(key).get(ME).status_code == 401


def test_token_page_is_post_only_and_for_signed_in_people(client, client_for, employee):
    assert client.post(reverse("accounts:api_token")).status_code == 302  # to sign-in
    assert not Token.objects.exists()
    assert client_for(employee).get(reverse("accounts:api_token")).status_code == 405


def test_token_creation_needs_the_csrf_token(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("accounts:api_token")).status_code == 403
    assert not Token.objects.exists()


def test_wrong_token_is_401(db):
    response = token_client("0" * 40).get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_of_a_deactivated_person_is_refused(employee):
    token = Token.objects.create(user=employee)
    employee.is_active = False
    employee.save()
    assert token_client(token.key).get(ME).status_code == 401


def test_token_of_an_admin_without_totp_is_refused(org):
    admin = member(org, Role.ADMIN, email="uusi-admin@hollola.example.fi")
    token = Token.objects.create(user=admin)  # e.g. made before the role was given
    response = token_client(token.key).get(ME)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_token_of_an_admin_with_totp_works(org_admin):
    token = Token.objects.create(user=org_admin)
    assert token_client(token.key).get(ME).status_code == 200


@pytest.mark.parametrize(
    "path", [ME, "/api/v1/units/", "/api/v1/memberships/", "/api/v1/strategy-goals/"],
)
def test_anonymous_gets_401_on_member_endpoints(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", ["/api/v1/organisations/", "/api/v1/regions/", "/api/v1/municipalities/"])
def test_public_endpoints_are_open(client, path):
    assert client.get(path).status_code == 200


def test_session_sign_in_works_for_the_api(client_for, employee):
    response = client_for(employee).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == employee.email


def test_session_writes_need_the_csrf_token(employee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(ME).status_code == 200
    response = client.post(ME, {})
    assert response.status_code == 403


def test_token_requests_need_no_csrf_token(employee):
    token = Token.objects.create(user=employee)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post(ME, {}).status_code == 405  # reaches the view: /me/ is read-only


def test_api_root_lists_the_endpoints(client_for, employee):
    response = client_for(employee).get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {"me", "organisations", "units", "memberships", "strategy-goals"} <= set(response.json())


def test_a_token_is_looked_up_once_then_kept(employee, django_assert_num_queries):
    token = Token.objects.create(user=employee)
    assert token_client(token.key).get(ME).status_code == 200
    with django_assert_num_queries(0):
        response = token_client(token.key).get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == employee.email


def test_the_kept_token_holds_no_password_hash(employee):
    from django.core.cache import cache

    from latu.api.authentication import _token_key

    token = Token.objects.create(user=employee)
    token_client(token.key).get(ME)
    kept = cache.get(_token_key(token.key))
    assert kept.user.pk == employee.pk
    assert "password" in kept.user.get_deferred_fields()


def test_a_kept_token_stops_working_when_revoked_or_the_person_is_deactivated(client_for, employee):
    client = client_for(employee)
    create_token(client)
    key = Token.objects.get(user=employee).key
    assert token_client(key).get(ME).status_code == 200  # now kept
    employee.is_active = False
    employee.save()
    assert token_client(key).get(ME).status_code == 401
    employee.is_active = True
    employee.save()
    assert token_client(key).get(ME).status_code == 200
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert token_client(key).get(ME).status_code == 401
