"""How long audit events are kept: ``settings.AUDIT_RETENTION_DAYS`` days."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from latu.audit.models import AuditEvent


def retention_cutoff(*, days: int | None = None, now: datetime | None = None) -> datetime:
    """Events recorded before this moment are past their retention."""
    keep = settings.AUDIT_RETENTION_DAYS if days is None else days
    if keep < 1:
        raise ValueError("Audit events must be kept for at least one day")
    return (now or timezone.now()) - timedelta(days=keep)


def purge_old_events(*, days: int | None = None, now: datetime | None = None) -> int:
    """Delete the audit events past their retention; the number deleted."""
    deleted, _per_model = AuditEvent.objects.filter(at__lt=retention_cutoff(days=days, now=now)).delete()
    return deleted
