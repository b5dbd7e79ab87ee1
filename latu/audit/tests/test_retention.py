"""Audit retention: `latu purge-audit` removes events past AUDIT_RETENTION_DAYS."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.audit.retention import purge_old_events
from latu.audit.tasks import purge_old_audit_events

pytestmark = pytest.mark.django_db


def _event_aged(days: float, target: str) -> AuditEvent:
    event = record("login", target=target)
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - timedelta(days=days))
    return event


def _targets() -> set[str]:
    return set(AuditEvent.objects.values_list("target", flat=True))


def test_the_default_retention_is_two_years(settings):
    from latu import settings as latu_settings

    assert latu_settings.AUDIT_RETENTION_DAYS == 730


def test_old_events_go_and_new_ones_stay(settings):
    settings.AUDIT_RETENTION_DAYS = 730
    _event_aged(731, "old")
    _event_aged(729, "recent")
    _event_aged(0, "new")
    assert purge_old_events() == 1
    assert _targets() == {"recent", "new"}


def test_the_command_follows_the_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    _event_aged(31, "old")
    _event_aged(29, "recent")
    out = StringIO()
    call_command("purge-audit", stdout=out)
    assert "Removed 1 audit events" in out.getvalue()
    assert _targets() == {"recent"}


def test_the_command_takes_other_days():
    _event_aged(11, "old")
    _event_aged(9, "recent")
    call_command("purge-audit", "--days", "10", stdout=StringIO())
    assert _targets() == {"recent"}


def test_the_command_refuses_no_retention():
    _event_aged(1, "kept")
    with pytest.raises(CommandError):
        call_command("purge-audit", "--days", "0", stdout=StringIO())
    assert _targets() == {"kept"}


def test_the_task_purges(settings):
    settings.AUDIT_RETENTION_DAYS = 5
    _event_aged(6, "old")
    _event_aged(4, "recent")
    assert purge_old_audit_events.call() == 1
    assert _targets() == {"recent"}


def test_the_command_can_enqueue_the_task(settings):
    settings.AUDIT_RETENTION_DAYS = 5
    _event_aged(6, "old")
    call_command("purge-audit", "--enqueue", stdout=StringIO())  # the tests' backend runs it at once
    assert _targets() == set()
