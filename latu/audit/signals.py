"""Sign-in and account-security events, recorded from Django's and allauth's signals.

Only who, what and the address concerned are kept: never a password, a TOTP code, a
secret or a token (the failed-sign-in receiver reads the address from the credentials
and nothing else)."""

from allauth.account.signals import (
    email_added,
    email_changed,
    email_removed,
    password_changed,
    password_reset,
    password_set,
)
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from latu.audit.log import record
from latu.audit.models import AuditEvent

Action = AuditEvent.Action


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, target=user.email)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, target=user.email)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted address is kept, never the password.
    email = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    record(Action.LOGIN_FAILED, target=str(email)[:200])


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    record(Action.PASSWORD_CHANGED, actor=user, target=user.email, via="change")


@receiver(password_set)
def on_password_set(sender, request, user, **kwargs):
    record(Action.PASSWORD_CHANGED, actor=user, target=user.email, via="set")


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs):
    record(Action.PASSWORD_CHANGED, actor=user, target=user.email, via="reset")


@receiver(email_added)
def on_email_added(sender, request, user, email_address, **kwargs):
    record(Action.EMAIL_CHANGED, actor=user, target=user.email, added=email_address.email)


@receiver(email_removed)
def on_email_removed(sender, request, user, email_address, **kwargs):
    record(Action.EMAIL_CHANGED, actor=user, target=user.email, removed=email_address.email)


@receiver(email_changed)
def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    record(
        Action.EMAIL_CHANGED, actor=user, target=user.email,
        primary_from=getattr(from_email_address, "email", None), primary_to=to_email_address.email,
    )


@receiver(authenticator_added)
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    record(Action.MFA_ENABLED, actor=user, target=user.email, type=authenticator.type)


@receiver(authenticator_reset)
def on_mfa_reset(sender, request, user, authenticator, **kwargs):
    # New recovery codes replace the old ones.
    record(Action.MFA_ENABLED, actor=user, target=user.email, type=authenticator.type, regenerated=True)


@receiver(authenticator_removed)
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    record(Action.MFA_DISABLED, actor=user, target=user.email, type=authenticator.type)
