"""The Django admin: signing in goes through allauth (password, then TOTP), and the
people and identity-provider pages work with the email-only user model."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from latu.accounts.models import IdentityProvider, User
from latu.accounts.tests.helpers import TOTP_SECRET, password_login, signed_in_user_id, totp_code, verify_email
from latu.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@latu.example.fi", name="Pää Käyttäjä", is_staff=True, is_superuser=True)
    verify_email(user)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    return user


def test_admin_login_is_allauths(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/django-admin/" in response.url.replace("%2F", "/")


def test_admin_login_form_cannot_be_used_to_skip_the_code(client, superuser):
    client.post("/django-admin/login/", {"username": superuser.email, "password": "salasana-123"})
    assert signed_in_user_id(client) is None


def test_superuser_signs_in_with_totp_and_reaches_the_admin(client, superuser):
    password_login(client, superuser.email, next="/django-admin/")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.url == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200


def test_superuser_without_totp_must_set_it_up(client_for):
    root = UserFactory(email="root2@latu.example.fi", is_staff=True, is_superuser=True)
    response = client_for(root).get("/django-admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_non_staff_cannot_use_the_admin(client_for, employee):
    response = client_for(employee).get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response.url
    assert client_for(employee).get("/django-admin/login/").status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/django-admin/accounts/user/", "/django-admin/accounts/user/add/", "/django-admin/accounts/identityprovider/",
     "/django-admin/accounts/identityprovider/add/", "/django-admin/socialaccount/socialapp/add/"],
)
def test_admin_pages(client_for, superuser, url):
    assert client_for(superuser).get(url).status_code == 200


def test_admin_creates_a_person_and_links_a_provider(client_for, superuser, org):
    client = client_for(superuser)
    response = client.post(
        "/django-admin/accounts/user/add/",
        {"email": "uusi@hollola.example.fi", "name": "Uusi Ihminen", "usable_password": "true",
         "password1": "Pitka-Salasana-77", "password2": "Pitka-Salasana-77"},
    )
    assert response.status_code == 302
    person = User.objects.get(email="uusi@hollola.example.fi")
    assert person.check_password("Pitka-Salasana-77")
    assert client.get(f"/django-admin/accounts/user/{person.pk}/change/").status_code == 200

    response = client.post(
        "/django-admin/accounts/identityprovider/add/",
        {"organisation": org.pk, "provider_id": "hollola-ad", "email_domains": "hollola.fi",
         "join_as_employee": "on"},
    )
    assert response.status_code == 302
    assert IdentityProvider.objects.get(provider_id="hollola-ad").organisation == org
