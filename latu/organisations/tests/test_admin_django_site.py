"""The Django admin (for the platform's maintainers): every model is registered, role
changes there are audited like in the app, and the audit log is read-only."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from latu.accounts.models import IdentityProvider, User
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.organisations.models import Membership, Role


@pytest.fixture
def superuser(db):
    user = User.objects.create_superuser(email="yllapito@latu.example.fi", name="Ylläpito", password="x" * 12)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def site(client_for, superuser):
    return client_for(superuser)


@pytest.mark.parametrize("model", [
    "organisations_organisation", "organisations_unit", "organisations_membership", "organisations_strategygoal",
    "organisations_region", "organisations_municipality", "accounts_user", "accounts_identityprovider",
    "audit_auditevent",
])
def test_every_model_has_a_changelist(site, org, unit, employee, model):
    record(AuditEvent.Action.EXPORT, organisation=org)
    IdentityProvider.objects.create(organisation=org, provider_id="hollola-ad")
    assert site.get(reverse(f"admin:{model}_changelist")).status_code == 200


def test_a_person_page_shows_their_roles(site, employee, org):
    page = site.get(reverse("admin:accounts_user_change", args=[employee.pk])).content.decode()
    assert org.name_fi in page


def test_granting_a_role_in_the_django_admin_is_audited(site, superuser, org, employee):
    response = site.post(reverse("admin:organisations_membership_add"), {
        "user": employee.pk, "organisation": org.pk, "unit": "", "role": "manager",
    })
    assert response.status_code == 302
    assert Membership.objects.filter(user=employee, role=Role.MANAGER, unit=None).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
    assert (event.actor, event.organisation, event.target) == (superuser, org, employee.email)


def test_the_admin_role_for_a_unit_is_refused_in_the_django_admin_too(site, org, employee, unit):
    response = site.post(reverse("admin:organisations_membership_add"), {
        "user": employee.pk, "organisation": org.pk, "unit": unit.pk, "role": "admin",
    })
    assert response.status_code == 200
    assert not Membership.objects.filter(user=employee, role=Role.ADMIN).exists()


def test_revoking_in_the_django_admin_is_audited_and_keeps_the_last_admin(site, org, org_admin, employee):
    employee_role = Membership.objects.get(user=employee)
    site.post(reverse("admin:organisations_membership_delete", args=[employee_role.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=employee_role.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED, target=employee.email).exists()

    admin_role = Membership.objects.get(user=org_admin, role=Role.ADMIN)
    response = site.post(reverse("admin:organisations_membership_delete", args=[admin_role.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Membership.objects.filter(pk=admin_role.pk).exists()
    site.post(reverse("admin:organisations_membership_changelist"), {
        "action": "delete_selected", "_selected_action": [admin_role.pk], "post": "yes",
    })
    assert Membership.objects.filter(pk=admin_role.pk).exists()


def test_memberships_are_not_edited_in_place(site, employee):
    membership = Membership.objects.get(user=employee)
    site.post(reverse("admin:organisations_membership_change", args=[membership.pk]), {
        "user": employee.pk, "organisation": membership.organisation_id, "role": "admin",
    })
    assert Membership.objects.get(pk=membership.pk).role == Role.EMPLOYEE


def test_the_audit_log_is_read_only(site, org):
    event = record(AuditEvent.Action.EXPORT, organisation=org, target="ihmiset.csv")
    assert site.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    assert site.get(reverse("admin:audit_auditevent_add")).status_code == 403
    site.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"target": "muutettu"})
    assert site.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.target == "ihmiset.csv"
