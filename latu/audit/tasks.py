"""Background work of the audit log, through Django's tasks API."""

from django_tasks import task

from latu.audit.retention import purge_old_events


@task()
def purge_old_audit_events() -> int:
    """Remove audit events past AUDIT_RETENTION_DAYS (``latu purge-audit --enqueue`` from a scheduler)."""
    return purge_old_events()
