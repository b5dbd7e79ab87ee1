"""The organisation's audit log for its admins."""

import re

import pytest
from django.urls import reverse

from latu import access
from latu.audit.log import record
from latu.audit.models import AuditEvent


@pytest.fixture
def admin_client(client_for, org_admin):
    return client_for(org_admin)


def rows(response):
    return re.findall(r'<tr data-action="([a-z_]+)">', response.content.decode())


def test_the_log_shows_this_organisations_events_newest_first(admin_client, org, other_org, org_admin):
    record(AuditEvent.Action.ROLE_GRANTED, actor=org_admin, organisation=org, target="eka@hollola.example.fi")
    record(AuditEvent.Action.EXPORT, actor=org_admin, organisation=org, target="toka.csv")
    record(AuditEvent.Action.ROLE_GRANTED, organisation=other_org, target="porvoo@porvoo.example.fi")
    record(AuditEvent.Action.LOGIN, actor=org_admin, target=org_admin.email)  # no organisation
    response = admin_client.get(reverse("organisations:audit", args=[org.slug]))
    assert response.status_code == 200
    assert rows(response) == ["export", "role_granted"]
    page = response.content.decode()
    assert "eka@hollola.example.fi" in page and "porvoo@porvoo.example.fi" not in page


def test_the_log_is_paginated_and_filtered(admin_client, org):
    for i in range(60):
        record(AuditEvent.Action.ROLE_GRANTED if i % 2 else AuditEvent.Action.EXPORT, organisation=org, target=str(i))
    base = reverse("organisations:audit", args=[org.slug])
    assert len(rows(admin_client.get(base))) == 50
    assert len(rows(admin_client.get(base + "?page=2"))) == 10
    assert rows(admin_client.get(base + "?event=export")) == ["export"] * 30


def test_the_log_query_count_is_constant(admin_client, org, org_admin, django_assert_max_num_queries):
    for i in range(50):
        record(AuditEvent.Action.ROLE_GRANTED, actor=org_admin, organisation=org, target=str(i))
    with django_assert_max_num_queries(10):
        admin_client.get(reverse("organisations:audit", args=[org.slug]))


def test_audit_policy(org, other_org, org_admin, other_admin, employee, office):
    ours = record(AuditEvent.Action.EXPORT, organisation=org)
    theirs = record(AuditEvent.Action.EXPORT, organisation=other_org)
    platform = record(AuditEvent.Action.LOGIN)
    assert set(access.scope(org_admin, AuditEvent)) == {ours}
    assert set(access.scope(other_admin, AuditEvent)) == {theirs}
    assert set(access.scope(employee, AuditEvent)) == set()
    assert set(access.scope(office, AuditEvent)) == {ours, theirs, platform}
    assert access.can(org_admin, "view", ours) and not access.can(org_admin, "view", theirs)
    assert not access.can(org_admin, "view", platform)
    assert not access.can(office, "change", ours)
