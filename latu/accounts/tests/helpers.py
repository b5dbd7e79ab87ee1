"""Helpers for tests that sign in the way a person does: through the forms."""

import re
import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

PASSWORD = "salasana-123"  # the factories' password
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the secret of the shared fixtures' authenticators


def verify_email(user) -> None:
    """Mark the person's address verified, as if they had clicked the link."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``secret``."""
    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def password_login(client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def signed_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def link_in_last_mail(path_fragment: str) -> str:
    """The path of the first link in the newest email that contains ``path_fragment``."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_fragment) + r"\S*)", body)
    assert match, f"no link containing {path_fragment!r} in: {body}"
    return match.group(1)
