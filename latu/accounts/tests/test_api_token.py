"""A new API token is shown once, on the profile page after it was made, from the
server's side: it never travels in a cookie (the messages cookie included)."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def _cookies_of(response) -> str:
    return " ".join(morsel.OutputString() for morsel in response.cookies.values())


def test_the_new_token_is_shown_once_and_never_in_a_cookie(client_for, employee):
    client = client_for(employee)
    response = client.post(reverse("accounts:api_token"), {"action": "create"})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    key = Token.objects.get(user=employee).key
    assert key not in _cookies_of(response)
    assert key not in str(client.cookies.get("messages", ""))

    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert key in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert key not in _cookies_of(page)
    assert all(key not in morsel.value for morsel in client.cookies.values())

    again = client.get(reverse("accounts:profile"))
    assert key not in again.content.decode()  # once only
    assert again.context["new_token"] is None and again.context["token"].key == key


def test_the_token_of_a_replaced_session_value_is_not_shown(client_for, employee):
    """A key left in the session for a token revoked since is not shown."""
    client = client_for(employee)
    client.post(reverse("accounts:api_token"), {"action": "create"})
    key = Token.objects.get(user=employee).key
    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    page = client.get(reverse("accounts:profile"))
    assert key not in page.content.decode() and page.context["new_token"] is None


def test_the_token_works_with_the_api(client_for, employee, client):
    client_for(employee).post(reverse("accounts:api_token"), {"action": "create"})
    key = Token.objects.get(user=employee).key
    client.logout()
    response = client.get("/api/v1/me/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
