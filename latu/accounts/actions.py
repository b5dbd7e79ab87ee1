"""Account actions. Deletion on request (GDPR): the person's contributions stay,
attributed to a deleted user; everything that names them goes."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from rest_framework.authtoken.models import Token

from latu import access
from latu.accounts.models import User
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core.events import emit
from latu.ideas.actions import recount_supports
from latu.ideas.models import Support
from latu.notifications.models import Notification
from latu.organisations.models import Membership
from latu.tori.models import Deed

REDACTED = ""


def _redact(value: Any, email: str) -> Any:
    """``value`` (from an audit event's details) with the address taken out."""
    if isinstance(value, str):
        return REDACTED if email in value.lower() else value
    if isinstance(value, list):
        return [_redact(item, email) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, email) for key, item in value.items()}
    return value


def _redact_audit_events(user: User, email: str) -> int:
    """Take the person's address out of every audit event that holds it (their own events
    keep what happened, without who)."""
    events = list(
        AuditEvent.objects.annotate(details=Cast("data", TextField()))
        .filter(Q(actor=user) | Q(target__icontains=email) | Q(details__icontains=email))
        .only("pk", "target", "data")
    )
    for event in events:
        event.target = _redact(event.target, email)
        event.data = _redact(event.data, email)
    AuditEvent.objects.bulk_update(events, ["target", "data"], batch_size=500)
    return len(events)


def delete_account(user: User, *, actor: User) -> None:
    """Delete the person's account at their request, in one transaction: their ideas and
    comments stay (shown as by a deleted user); support counts follow their supports going;
    their address leaves the audit log and their name the notifications of others; their
    memberships, API token and sessions go (a session of a deleted account signs in nobody)."""
    if not access.can(actor, "delete_account", user):
        raise PermissionDenied
    email = user.email.lower()
    user_id = user.pk
    with transaction.atomic():
        supported = list(Support.objects.filter(user=user).values_list("idea_id", flat=True))
        _redact_audit_events(user, email)
        Notification.objects.filter(actor=user).update(actor=None, actor_name="")
        Deed.objects.filter(contact_email__iexact=email).update(contact_email="", contact_name="")
        Membership.objects.filter(user=user).delete()
        Token.objects.filter(user=user).delete()
        user.delete()
        recount_supports(supported)
        record(AuditEvent.Action.OTHER, target=f"user:{user_id}", event="account.deleted")
        emit("account.deleted", data={"user_id": user_id})
