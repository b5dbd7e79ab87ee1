"""The sign-in and account pages are Latu pages: allauth's templates render inside
base.html with our form markup (latu/accounts/templates/allauth overrides allauth's)."""

import re

import pytest
from django.urls import reverse

from latu.accounts.tests.helpers import PASSWORD, password_login, verify_email
from latu.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_latu_page(response) -> str:
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert "base.html" in names, names
    html = response.content.decode()
    assert 'id="main"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="(?:hidden|submit)")[^>]*\sid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id
    return html


@pytest.fixture
def person(db):
    user = UserFactory(email="sanna@hollola.example.fi", name="Sanna Suunnittelija")
    verify_email(user)
    return user


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"],
)
def test_entrance_pages(client, url_name):
    html = assert_latu_page(client.get(reverse(url_name)))
    assert 'class="form stack' in html or url_name == "account_email_verification_sent"


@pytest.mark.parametrize(
    "url_name",
    ["account_logout", "account_email", "account_change_password", "mfa_index", "socialaccount_connections",
     "account_reauthenticate", "accounts:profile"],
)
def test_account_pages(client, person, url_name):
    password_login(client, person.email)
    assert_latu_page(client.get(reverse(url_name)))


def test_totp_activation_page(client, person):
    password_login(client, person.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    html = assert_latu_page(client.get(reverse("mfa_activate_totp")))
    assert 'class="qr-code"' in html


def test_code_page_during_two_step_sign_in(client, org_admin):
    verify_email(org_admin)
    password_login(client, org_admin.email)
    html = assert_latu_page(client.get(reverse("mfa_authenticate")))
    assert 'autocomplete="one-time-code"' in html
