"""Sign-in and account-security events land in the audit log, without secrets."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from latu.accounts.tests.fake_oidc import CLIENT_ID, CLIENT_SECRET, ISSUER, FakeIdentityProvider, serving
from latu.accounts.tests.helpers import (
    PASSWORD,
    TOTP_SECRET,
    link_in_last_mail,
    password_login,
    signed_in_user_id,
    totp_code,
    verify_email,
)
from latu.audit.models import AuditEvent
from latu.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db
Action = AuditEvent.Action

WRONG_PASSWORD = "Arvattu-Salasana-42"
NEW_PASSWORD = "Uusi-Vahva-Salasana-9"


@pytest.fixture
def person(db):
    user = UserFactory(email="sanna@hollola.example.fi", name="Sanna Suunnittelija")
    verify_email(user)
    return user


def events(action=None):
    qs = AuditEvent.objects.order_by("pk")
    return list(qs.filter(action=action) if action else qs)


def everything_recorded() -> str:
    return json.dumps(list(AuditEvent.objects.values("action", "target", "data")), ensure_ascii=False)


def test_login_is_recorded(client, person):
    password_login(client, person.email)
    (event,) = events(Action.LOGIN)
    assert event.actor == person
    assert event.target == person.email


def test_failed_login_keeps_the_address_but_never_the_password(client, person):
    password_login(client, person.email, WRONG_PASSWORD)
    (event,) = events(Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.target == person.email
    assert WRONG_PASSWORD not in everything_recorded()
    assert "password" not in json.dumps(event.data)
    assert not events(Action.LOGIN)


def test_failed_login_for_an_unknown_address_is_recorded(client):
    password_login(client, "ei-ketaan@example.fi", WRONG_PASSWORD)
    (event,) = events(Action.LOGIN_FAILED)
    assert event.target == "ei-ketaan@example.fi"
    assert WRONG_PASSWORD not in everything_recorded()


def test_logout_is_recorded(client, person):
    password_login(client, person.email)
    client.post(reverse("account_logout"))
    (event,) = events(Action.LOGOUT)
    assert event.actor == person


def test_login_with_totp_is_recorded_once_after_the_code(client, org_admin):
    verify_email(org_admin)
    password_login(client, org_admin.email)
    assert not events(Action.LOGIN)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    (event,) = events(Action.LOGIN)
    assert event.actor == org_admin


def test_mfa_activation_and_removal_are_recorded(client, person, django_capture_on_commit_callbacks):
    password_login(client, person.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    enabled = events(Action.MFA_ENABLED)
    assert {e.data["type"] for e in enabled} >= {Authenticator.Type.TOTP}
    assert all(e.actor == person for e in enabled)
    recorded = everything_recorded()
    assert secret not in recorded
    assert totp_code(secret) not in recorded

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.Type.TOTP in {e.data["type"] for e in events(Action.MFA_DISABLED)}


def test_recovery_code_regeneration_is_recorded(client, person, django_capture_on_commit_callbacks):
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    password_login(client, person.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    (event,) = events(Action.MFA_ENABLED)
    assert event.data == {"type": Authenticator.Type.RECOVERY_CODES, "regenerated": True}


def test_password_change_is_recorded_without_the_passwords(client, person):
    password_login(client, person.email)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    (event,) = events(Action.PASSWORD_CHANGED)
    assert (event.actor, event.data) == (person, {"via": "change"})
    recorded = everything_recorded()
    assert NEW_PASSWORD not in recorded and PASSWORD not in recorded


def test_password_reset_is_recorded_without_the_password_or_the_key(client, person):
    client.post(reverse("account_reset_password"), {"email": person.email})
    reset_path = link_in_last_mail("/accounts/password/reset/key/")
    form_path = client.get(reset_path).url
    client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    (event,) = events(Action.PASSWORD_CHANGED)
    assert (event.actor, event.data) == (person, {"via": "reset"})
    recorded = everything_recorded()
    assert NEW_PASSWORD not in recorded
    assert reset_path.rstrip("/").rsplit("/", 1)[-1] not in recorded


def test_adding_an_email_address_is_recorded(client, person):
    password_login(client, person.email)
    client.post(reverse("account_email"), {"action_add": "", "email": "sanna.toinen@hollola.example.fi"})
    (event,) = events(Action.EMAIL_CHANGED)
    assert event.actor == person
    assert event.data == {"added": "sanna.toinen@hollola.example.fi"}
    assert mail.outbox  # the new address gets a verification link


def test_signup_records_no_password(client):
    client.post(
        reverse("account_signup"),
        {"name": "Ville", "email": "ville@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post(link_in_last_mail("/accounts/confirm-email/"))
    assert signed_in_user_id(client) is not None
    assert events(Action.LOGIN)
    assert NEW_PASSWORD not in everything_recorded()


def test_identity_provider_login_is_recorded(client, org, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [
            {"provider_id": "hollola-ad", "name": "Hollola", "client_id": CLIENT_ID, "secret": CLIENT_SECRET,
             "settings": {"server_url": ISSUER}},
        ]}
    }
    idp = FakeIdentityProvider({"sub": "s1", "email": "hanna@hollola.example.fi", "email_verified": True,
                                "name": "Hanna Hoitaja"})
    with serving(idp):
        response = client.post("/accounts/oidc/hollola-ad/login/")
        client.get(idp.authorize(response.url))
    (event,) = events(Action.LOGIN)
    assert event.target == "hanna@hollola.example.fi"
    recorded = everything_recorded()
    assert CLIENT_SECRET not in recorded
    assert not any(token in recorded for token in idp.access_tokens)
