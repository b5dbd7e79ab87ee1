from allauth.account.signals import password_changed
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from latu.audit.log import record
from latu.audit.models import AuditEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    record(AuditEvent.Action.LOGIN, actor=user, target=user.email)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Action.LOGOUT, actor=user, target=user.email)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted address is kept, never the password.
    email = (credentials or {}).get("email") or (credentials or {}).get("username") or ""
    record(AuditEvent.Action.LOGIN_FAILED, target=str(email)[:200])


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    record(AuditEvent.Action.PASSWORD_CHANGED, actor=user, target=user.email)


@receiver(authenticator_added)
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    record(AuditEvent.Action.MFA_ENABLED, actor=user, target=user.email, type=authenticator.type)


@receiver(authenticator_removed)
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    record(AuditEvent.Action.MFA_DISABLED, actor=user, target=user.email, type=authenticator.type)
