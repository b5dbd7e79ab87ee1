"""Record audit events. Call ``record`` from actions; sign-in events come from signals."""

from latu.audit.models import AuditEvent


def record(action: str, *, actor=None, organisation=None, target: str = "", **data) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action, actor=actor, organisation=organisation, target=str(target)[:200], data=data
    )
