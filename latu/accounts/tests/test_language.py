"""The person's own language: applied when they sign in, whatever the browser asks for;
set from the sign-up page's language; saved when they switch while signed in."""

import pytest
from django.urls import reverse

from latu.accounts.models import User
from latu.accounts.tests.helpers import PASSWORD, verify_email
from latu.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

FINNISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fi-FI,fi;q=0.9"}


@pytest.fixture
def anna(db):
    user = UserFactory(email="anna@porvoo.example.fi", name="Anna Andersson", language="sv")
    verify_email(user)
    return user


def test_signing_in_switches_to_the_persons_own_language(client, anna):
    assert client.get(reverse("account_login"), **FINNISH_BROWSER).headers["Content-Language"] == "fi"
    response = client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD}, **FINNISH_BROWSER)
    assert response.status_code == 302 and response.cookies["django_language"].value == "sv"
    home = client.get(reverse("core:home"), **FINNISH_BROWSER)
    assert home.headers["Content-Language"] == "sv"
    assert 'lang="sv"' in home.content.decode()


def test_a_failed_sign_in_changes_nothing(client, anna):
    response = client.post(reverse("account_login"), {"login": anna.email, "password": "väärä-salasana"},
                           **FINNISH_BROWSER)
    assert response.status_code == 200 and "django_language" not in response.cookies
    assert response.headers["Content-Language"] == "fi"


def test_switching_while_signed_in_is_kept_in_the_profile(client, anna):
    client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    anna.refresh_from_db()
    assert anna.language == "en"
    assert client.get("/").headers["Content-Language"] == "en"

    client.post(reverse("account_logout"))
    client.cookies.pop("django_language")
    client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD}, **FINNISH_BROWSER)
    assert client.get("/", **FINNISH_BROWSER).headers["Content-Language"] == "en"


def test_switching_when_signed_out_sets_only_the_cookie(client, anna):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
    assert client.post(reverse("set_language"), {"language": "xx", "next": "/"}).status_code == 302
    anna.refresh_from_db()
    assert anna.language == "sv"


def test_a_new_account_speaks_the_language_it_was_made_in(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    client.post(reverse("account_signup"), {"name": "Bo Berg", "email": "bo@borga.example.fi",
                                            "password1": "Kuusi-Kurkea-2024", "password2": "Kuusi-Kurkea-2024"})
    assert User.objects.get(email="bo@borga.example.fi").language == "sv"
