"""Programme services: programmes, services, providers and experts are public.

An application is seen by its applicant, by the admins and managers of the applying
organisation, by the programme office and, once granted, by the chosen expert. Only the
applicant edits and submits it, and only while it is a draft; the programme office ticks
the eligibility checklist and decides a submitted application, once."""

from django.db.models import Q
from django.utils.translation import gettext as _

from latu.access.base import Policy, is_programme_office, memberships, register
from latu.organisations.models import Role
from latu.programmes.models import Application, Expert, Programme, Provider, Service

# Roles that see every application of their organisation.
APPLICATION_KEEPERS = {Role.ADMIN, Role.MANAGER}


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _keeper_org_ids(user) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role in APPLICATION_KEEPERS}


def applying_organisations(user) -> set[int]:
    """Organisations the person may apply for: those they are a member of."""
    return {m.organisation_id for m in memberships(user)}


def can_apply(user) -> bool:
    return _signed_in(user) and bool(applying_organisations(user))


@register(Programme, Service, Provider, Expert)
class PublicPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(is_active=True) if qs.model is Expert else qs
        return qs.all() if is_programme_office(user) else qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return getattr(obj, "is_active", True) or is_programme_office(user)
        return is_programme_office(user)


@register(Application)
class ApplicationPolicy(Policy):
    def scope(self, user, qs, action):
        if not _signed_in(user):
            return qs.none()
        if is_programme_office(user):
            return qs
        seen = Q(applicant_id=user.pk) | Q(
            organisation_id__in=_keeper_org_ids(user), status__in=[s for s in Application.Status if s != "draft"]
        )
        seen |= Q(preferred_expert__user_id=user.pk, status=Application.Status.GRANTED)
        return qs.filter(seen)

    def allows(self, user, action, obj):
        if not _signed_in(user):
            return False
        if action == "view":
            return self.scope(user, Application.objects.filter(pk=obj.pk), action).exists()
        if action == "edit":
            return obj.applicant_id == user.pk and obj.status == Application.Status.DRAFT
        if action == "decide":
            return is_programme_office(user) and obj.status == Application.Status.SUBMITTED
        return False

    def refusal(self, user, action, obj):
        if action == "decide" and is_programme_office(user) and obj.is_decided:
            return _("The application has already been decided.")
        if action == "edit" and obj.applicant_id == user.pk and obj.status != Application.Status.DRAFT:
            return _("The application has already been submitted.")
        return None
