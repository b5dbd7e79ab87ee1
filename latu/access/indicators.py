"""Indicators of an organisation.

- Its admins and management define indicators and enter, import or send values
  ("manage"); supervisors see them too ("view"), as does the programme office.
- Other organisations' indicators do not exist for a person (404).
"""

from django.db.models import QuerySet

from latu.access.base import Policy, is_programme_office, memberships, register
from latu.indicators.models import Indicator, IndicatorValue
from latu.organisations.models import Role

MANAGERS = {Role.MANAGER, Role.ADMIN}
READERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}


def organisation_ids(user, roles: set[str]) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role in roles}


def can_manage_in(user, organisation) -> bool:
    return getattr(organisation, "pk", organisation) in organisation_ids(user, MANAGERS)


def can_view_in(user, organisation) -> bool:
    return is_programme_office(user) or getattr(organisation, "pk", organisation) in organisation_ids(user, READERS)


@register(Indicator)
class IndicatorPolicy(Policy):
    def scope(self, user, qs: QuerySet, action: str) -> QuerySet:
        if action == "view" and is_programme_office(user):
            return qs
        return qs.filter(organisation_id__in=organisation_ids(user, MANAGERS if action == "manage" else READERS))

    def allows(self, user, action: str, obj: Indicator) -> bool:
        if action == "manage":
            return can_manage_in(user, obj.organisation_id)
        return action == "view" and can_view_in(user, obj.organisation_id)


@register(IndicatorValue)
class IndicatorValuePolicy(Policy):
    def scope(self, user, qs: QuerySet, action: str) -> QuerySet:
        if action == "view" and is_programme_office(user):
            return qs
        roles = MANAGERS if action == "manage" else READERS
        return qs.filter(indicator__organisation_id__in=organisation_ids(user, roles))

    def allows(self, user, action: str, obj: IndicatorValue) -> bool:
        return IndicatorPolicy().allows(user, action, obj.indicator)
