"""Who may see and manage organisations, units, memberships and strategy goals."""

from django.db.models import Q

from latu.access.base import ORG_ADMIN, Policy, has_role, is_member, is_programme_office, memberships, register
from latu.organisations.models import (
    Membership,
    Organisation,
    RegisterDescription,
    RoleInvitation,
    StrategyGoal,
    Unit,
)


@register(Organisation)
class OrganisationPolicy(Policy):
    # The existence and public profile of an organisation is public (the marketplace
    # names them); "manage" is for its admins and the programme office.
    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(is_active=True) if not is_programme_office(user) else qs
        if action == "manage":
            if is_programme_office(user):
                return qs
            return qs.filter(pk__in=[m.organisation_id for m in memberships(user) if m.role in ORG_ADMIN])
        if action == "member":
            return qs.filter(pk__in=[m.organisation_id for m in memberships(user)])
        if action == "internal":
            # Organisations whose internal pages the person may know about: their own,
            # and every organisation for the programme office. Outsiders get 404 there.
            if is_programme_office(user):
                return qs
            return qs.filter(pk__in=[m.organisation_id for m in memberships(user)])
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return obj.is_active or is_programme_office(user)
        if action == "member":
            return is_member(user, obj)
        if action == "internal":
            return is_programme_office(user) or is_member(user, obj)
        if action == "manage":
            return is_programme_office(user) or has_role(user, obj, ORG_ADMIN)
        return False


def _org_internal_scope(user, qs, action, org_field="organisation"):
    if is_programme_office(user) and action == "view":
        return qs
    if action == "view":
        org_ids = [m.organisation_id for m in memberships(user)]
    elif action == "manage":
        org_ids = [m.organisation_id for m in memberships(user) if m.role in ORG_ADMIN]
        if is_programme_office(user):
            return qs
    else:
        return qs.none()
    return qs.filter(Q(**{f"{org_field}__in": org_ids}))


@register(Unit, StrategyGoal)
class OrganisationPartPolicy(Policy):
    """Units and strategy goals: visible to the organisation's members, managed by its admins."""

    def scope(self, user, qs, action):
        return _org_internal_scope(user, qs, action)

    def allows(self, user, action, obj):
        if action == "view":
            return is_programme_office(user) or is_member(user, obj.organisation_id)
        if action == "manage":
            return is_programme_office(user) or has_role(user, obj.organisation_id, ORG_ADMIN)
        return False


@register(Membership)
class MembershipPolicy(Policy):
    """Members see who else belongs to their organisation (for mentions and teams);
    only admins change roles."""

    def scope(self, user, qs, action):
        return _org_internal_scope(user, qs, action)

    def allows(self, user, action, obj):
        if action == "view":
            return is_programme_office(user) or is_member(user, obj.organisation_id)
        if action == "manage":
            return is_programme_office(user) or has_role(user, obj.organisation_id, ORG_ADMIN)
        return False


@register(RoleInvitation)
class RoleInvitationPolicy(Policy):
    """A role invitation is answered (accepted or declined) by the invited person alone;
    the organisation's admins see their organisation's pending ones."""

    def scope(self, user, qs, action):
        if not user.is_authenticated:
            return qs.none()
        if action in ("view", "respond"):
            own = Q(user=user)
            if action == "view":
                own |= Q(organisation__in=[m.organisation_id for m in memberships(user) if m.role in ORG_ADMIN])
            return qs.filter(own)
        return qs.none()

    def allows(self, user, action, obj):
        if not user.is_authenticated:
            return False
        if action == "respond":
            return obj.user_id == user.pk
        if action == "view":
            return obj.user_id == user.pk or has_role(user, obj.organisation, ORG_ADMIN)
        return False


@register(RegisterDescription)
class RegisterDescriptionPolicy(Policy):
    """A register description is public (everyone whose data is processed must be able to
    read it); only the organisation's own admins edit it: not other organisations' admins,
    not the programme office."""

    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(organisation__is_active=True)
        if action == "manage":
            return qs.filter(organisation__in=[m.organisation_id for m in memberships(user) if m.role in ORG_ADMIN])
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return obj.organisation.is_active
        if action == "manage":
            return has_role(user, obj.organisation, ORG_ADMIN)
        return False
