"""Sign-up, email verification, sign-in, throttling, password reset and sign-out,
each through the real allauth forms over HTTP."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from latu.accounts.models import User
from latu.accounts.tests.helpers import (
    PASSWORD,
    link_in_last_mail,
    password_login,
    signed_in_user_id,
    verify_email,
)
from latu.organisations.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kuusi-Kurkea-2024"


@pytest.fixture
def person(db):
    user = UserFactory(email="sanna@hollola.example.fi", name="Sanna Suunnittelija")
    verify_email(user)
    return user


def test_signup_asks_the_name_and_verifies_the_email_before_signing_in(client):
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert list(page.context["form"].fields)[:2] == ["name", "email"]

    response = client.post(
        reverse("account_signup"),
        {"name": "Ville Virtanen", "email": "Ville.Virtanen@Lahti.example.fi",
         "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ville.virtanen@lahti.example.fi")
    assert user.name == "Ville Virtanen"
    assert user.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) is None  # not before the address is verified
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ville.virtanen@lahti.example.fi"]
    confirm_path = link_in_last_mail("/accounts/confirm-email/")

    assert client.get(confirm_path).status_code == 200  # the confirmation page; GET changes nothing
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) == user.pk
    assert client.get(reverse("accounts:profile")).context["user"] == user


def test_signup_requires_a_name(client):
    response = client.post(
        reverse("account_signup"),
        {"name": "", "email": "nimeton@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not User.objects.filter(email="nimeton@example.fi").exists()


def test_signup_rejects_weak_passwords(client):
    response = client.post(
        reverse("account_signup"),
        {"name": "Heikki", "email": "heikki@example.fi", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(email="heikki@example.fi").exists()


def test_signup_with_a_taken_address_creates_no_second_account(client, person):
    client.post(
        reverse("account_signup"),
        {"name": "Toinen Sanna", "email": person.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert User.objects.filter(email=person.email).count() == 1
    assert signed_in_user_id(client) is None


def test_closed_signup_creates_nobody(client, settings):
    settings.ACCOUNT_SIGNUP_OPEN = False
    client.post(
        reverse("account_signup"),
        {"name": "Kalle", "email": "kalle@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not User.objects.filter(email="kalle@example.fi").exists()


def test_login_with_email_and_password(client, person):
    response = password_login(client, person.email)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert signed_in_user_id(client) == person.pk


def test_login_is_case_insensitive_for_the_address(client, person):
    password_login(client, person.email.upper())
    assert signed_in_user_id(client) == person.pk


def test_login_follows_a_safe_next_and_ignores_an_external_one(client, person):
    response = password_login(client, person.email, next="/about/")
    assert response.url == "/about/"
    client.post(reverse("account_logout"))
    response = password_login(client, person.email, next="https://evil.example.com/")
    assert response.url == reverse("core:home")


def test_unverified_address_cannot_sign_in_but_gets_a_new_link(client):
    user = UserFactory(email="uusi@hollola.example.fi")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = password_login(client, user.email)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert mail.outbox and mail.outbox[-1].to == [user.email]


def test_wrong_password_does_not_sign_in(client, person):
    response = password_login(client, person.email, "väärä-salasana")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert signed_in_user_id(client) is None


def _error_codes(form) -> set[str]:
    return {error.code for errors in form.errors.as_data().values() for error in errors}


def test_repeated_wrong_passwords_are_throttled(client, person, settings):
    # The configured limit: five failures per address in five minutes.
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].endswith("5/5m/key")
    for _attempt in range(5):
        response = password_login(client, person.email, "väärä-salasana")
        assert response.status_code == 200
        assert "too_many_login_attempts" not in _error_codes(response.context["form"])
    response = password_login(client, person.email, "väärä-salasana")
    assert "too_many_login_attempts" in _error_codes(response.context["form"])
    # While throttled even the right password is refused.
    response = password_login(client, person.email)
    assert response.status_code == 200
    assert "too_many_login_attempts" in _error_codes(response.context["form"])
    assert signed_in_user_id(client) is None


def test_throttling_is_per_address(client, person):
    other = UserFactory(email="toinen@hollola.example.fi")
    verify_email(other)
    for _attempt in range(6):
        password_login(client, person.email, "väärä-salasana")
    password_login(client, other.email)
    assert signed_in_user_id(client) == other.pk


def test_password_reset_by_email_sets_a_new_password(client, person):
    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    reset_path = link_in_last_mail("/accounts/password/reset/key/")

    response = client.get(reset_path)  # allauth moves the key into the session and redirects
    assert response.status_code == 302
    form_path = response.url
    assert client.get(form_path).status_code == 200
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not person.check_password(PASSWORD)
    client.post(reverse("account_logout"))
    password_login(client, person.email, NEW_PASSWORD)
    assert signed_in_user_id(client) == person.pk


def test_password_reset_link_works_only_once(client, person):
    client.post(reverse("account_reset_password"), {"email": person.email})
    reset_path = link_in_last_mail("/accounts/password/reset/key/")
    form_path = client.get(reset_path).url
    client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    client.post(reverse("account_logout"))
    response = client.get(reset_path)
    assert response.status_code == 200
    assert response.context["token_fail"] is True
    client.post(reset_path, {"password1": "Toinen-Uusi-2025", "password2": "Toinen-Uusi-2025"})
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_password_reset_does_not_reveal_unknown_addresses(client, person):
    known = client.post(reverse("account_reset_password"), {"email": person.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "ei-ole@example.fi"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_logout_is_post_only(client, person):
    password_login(client, person.email)
    assert signed_in_user_id(client) == person.pk

    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page with a form
    assert b'method="post"' in response.content
    assert signed_in_user_id(client) == person.pk

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


def test_sign_out_button_in_the_page_header_posts(client, person):
    password_login(client, person.email)
    page = client.get("/about/").content.decode()
    assert f'method="post" action="{reverse("account_logout")}"' in page


def _failures_from(client, address_chain: str, count: int) -> set[str]:
    codes: set[str] = set()
    for attempt in range(count):
        response = client.post(reverse("account_login"), {"login": f"ei{attempt}@example.fi", "password": "x"},
                               HTTP_X_FORWARDED_FOR=address_chain)
        codes |= _error_codes(response.context["form"])
    return codes


def test_behind_the_reverse_proxy_one_address_does_not_lock_everyone_out(client, person, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    # Every request arrives from the proxy's address; the proxy adds the client's.
    assert "too_many_login_attempts" in _failures_from(client, "203.0.113.1", 4)
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert response.status_code == 302 and signed_in_user_id(client) == person.pk


def test_a_forged_forwarded_for_does_not_escape_the_sign_in_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: the header is the client's own words
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    codes: set[str] = set()
    for number in range(4):
        codes |= _failures_from(client, f"198.51.100.{number}", 1)
    assert "too_many_login_attempts" in codes
    settings.TRUSTED_PROXY_COUNT = 1  # with one proxy, only its entry counts, not what precedes it
    client.logout()
    assert "too_many_login_attempts" in _failures_from(client, "198.51.100.9, 203.0.113.50", 4)
