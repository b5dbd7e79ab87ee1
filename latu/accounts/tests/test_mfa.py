"""TOTP two-factor authentication: required for org admins and the programme office,
set up through allauth's activation form, asked at every password sign-in."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from latu.accounts.tests.helpers import PASSWORD, password_login, signed_in_user_id, totp_code, verify_email
from latu.organisations.factories import UserFactory, member
from latu.organisations.models import Role

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
# A page outside the exempt account pages whose content depends on nothing but the person.
SOME_PAGE = "/api/v1/me/"


@pytest.fixture
def new_admin(org):
    """An org admin who has not set up TOTP yet."""
    user = member(org, Role.ADMIN, email="antti@hollola.example.fi", name="Antti Admin")
    verify_email(user)
    return user


def test_activation_url_is_allauths():
    assert reverse("mfa_activate_totp") == ACTIVATE


@pytest.mark.parametrize("path", ["/", "/o/hollola/ideas/", "/tori/", "/notifications/", "/no-such-page/"])
def test_admin_without_totp_is_sent_to_activation_from_any_page(client_for, new_admin, path):
    response = client_for(new_admin).get(path)
    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_admin_without_totp_gets_403_from_the_api(client_for, new_admin):
    response = client_for(new_admin).get("/api/v1/me/")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_programme_office_without_totp_is_sent_to_activation(client_for):
    office = UserFactory(email="pekka@ohjelma.example.fi", is_programme_office=True)
    response = client_for(office).get("/")
    assert response.status_code == 302
    assert response.url == ACTIVATE


def test_unit_limited_admin_role_also_requires_totp(client_for, org, unit):
    admin = member(org, Role.ADMIN, unit=unit, email="yksikko-admin@hollola.example.fi")
    assert client_for(admin).get("/").url == ACTIVATE


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.INNOVATOR, Role.SUPERVISOR, Role.MANAGER])
def test_other_roles_are_not_forced(client_for, org, role):
    person = member(org, role, email=f"{role}@hollola.example.fi")
    assert client_for(person).get(SOME_PAGE).status_code == 200


def test_citizen_is_not_forced(client_for, citizen):
    assert client_for(citizen).get(SOME_PAGE).status_code == 200


def test_requirement_can_be_turned_off(client_for, new_admin, settings):
    settings.LATU_REQUIRE_MFA = False
    assert client_for(new_admin).get(SOME_PAGE).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    ["accounts:profile", "mfa_index", "account_reauthenticate", "account_email", "account_change_password"],
)
def test_admin_without_totp_can_reach_account_pages(client, new_admin, url_name):
    password_login(client, new_admin.email)  # a fresh sign-in: no re-authentication asked
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_admin_without_totp_can_read_public_pages_and_switch_language(client_for, new_admin):
    client = client_for(new_admin)
    assert client.get("/about/").status_code == 200
    assert client.get("/accessibility/").status_code == 200
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/about/"})
    assert response.status_code == 302
    assert response.url == "/about/"


def test_admin_without_totp_can_sign_out(client_for, new_admin):
    client = client_for(new_admin)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_admin_without_totp_cannot_create_an_api_token(client_for, new_admin):
    from rest_framework.authtoken.models import Token

    response = client_for(new_admin).post(reverse("accounts:api_token"), {"action": "create"})
    assert response.status_code == 302
    assert response.url == ACTIVATE
    assert not Token.objects.filter(user=new_admin).exists()


def test_activating_totp_through_the_form_lets_the_admin_in(client, new_admin):
    password_login(client, new_admin.email)
    assert client.get("/").url == ACTIVATE

    # Adding an authenticator is a sensitive change: allauth asks for the password again.
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == ACTIVATE

    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret.encode() in page.content  # shown for typing into the app
    assert b"data:image/svg+xml;base64," in page.content  # and as a QR code

    response = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Authenticator.objects.filter(user=new_admin).exists()

    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    authenticator = Authenticator.objects.get(user=new_admin, type=Authenticator.Type.TOTP)
    assert authenticator.data["secret"]
    # Recovery codes are generated with the first authenticator.
    assert Authenticator.objects.filter(user=new_admin, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(SOME_PAGE).status_code == 200


def test_after_activation_the_api_token_can_be_created(client_for, org_admin):
    from rest_framework.authtoken.models import Token

    response = client_for(org_admin).post(reverse("accounts:api_token"), {"action": "create"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert Token.objects.filter(user=org_admin).exists()


def test_sign_in_with_totp_asks_for_the_code(client, org_admin):
    verify_email(org_admin)
    response = password_login(client, org_admin.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None  # the password alone is not enough
    assert client.get(SOME_PAGE).status_code in (401, 403)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in_user_id(client) == org_admin.pk
    assert client.get(SOME_PAGE).status_code == 200


def test_wrong_totp_code_does_not_sign_in(client, org_admin):
    verify_email(org_admin)
    password_login(client, org_admin.email)
    wrong = "123456" if totp_code() != "123456" else "654321"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_user_id(client) is None


def test_a_totp_code_works_only_once(client, org_admin):
    verify_email(org_admin)
    code = totp_code()
    password_login(client, org_admin.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_user_id(client) == org_admin.pk

    client.post(reverse("account_logout"))
    password_login(client, org_admin.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in_user_id(client) is None


def test_employee_with_totp_is_asked_too(client, employee):
    verify_email(employee)
    Authenticator.objects.create(user=employee, type=Authenticator.Type.TOTP, data={"secret": "KRSXG5CTMVRXEZLU"})
    response = password_login(client, employee.email)
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code("KRSXG5CTMVRXEZLU")})
    assert signed_in_user_id(client) == employee.pk


def test_guessing_totp_codes_is_throttled(client, org_admin):
    verify_email(org_admin)
    password_login(client, org_admin.email)
    right = totp_code()
    wrong = [code for code in (f"{n:06d}" for n in range(100000, 100010)) if code != right][:5]
    for code in wrong:
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 200
    codes = {e.code for errors in response.context["form"].errors.as_data().values() for e in errors}
    assert "too_many_login_attempts" in codes
    assert signed_in_user_id(client) is None
