"""Who may see which dashboard.

Dashboards show aggregates of one organisation to its members only (others get 404).
Everyone in the organisation sees the organisation's and every strategy goal's
figures. A unit's figures are seen by those with an organisation-wide role, and by
those whose membership is in that unit, in a unit above it (a handler of a service
area sees its units) or below it (an employee sees the service area and sector their
unit belongs to).
"""

from latu.access.base import Policy, is_member, memberships, register
from latu.dashboards.models import DailyStats, ParticipantActivity
from latu.organisations.models import Unit


def visible_unit_ids(user, organisation) -> set[int] | None:
    """Ids of the units whose dashboard the person may see; None = every unit."""
    org_id = getattr(organisation, "pk", organisation)
    ids: set[int] = set()
    own = [m for m in memberships(user) if m.organisation_id == org_id]
    if not own:
        return set()
    for m in own:
        if m.unit_id is None:
            return None
        ids |= m.unit.descendant_ids()
        ids |= {u.pk for u in m.unit.ancestors()}
    return ids


def can_view_organisation(user, organisation) -> bool:
    return is_member(user, organisation)


def can_view_unit(user, unit: Unit) -> bool:
    if not is_member(user, unit.organisation_id):
        return False
    ids = visible_unit_ids(user, unit.organisation_id)
    return ids is None or unit.pk in ids


@register(DailyStats, ParticipantActivity)
class StatsPolicy(Policy):
    """The precomputed rows themselves: members of the organisation (read only)."""

    def scope(self, user, qs, action):
        if action != "view":
            return qs.none()
        return qs.filter(organisation_id__in=sorted({m.organisation_id for m in memberships(user)}))

    def allows(self, user, action, obj):
        return action == "view" and is_member(user, obj.organisation_id)
