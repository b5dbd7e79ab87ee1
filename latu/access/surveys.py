"""Surveys.

- An organisation's surveys are managed by its admins ("manage": create, edit, open,
  close, invite); its admins, management and supervisors see them and their results
  ("view", "results").
- Surveys of the programme office (no organisation) are managed by the programme office,
  which also sees every survey's results.
- Answering needs no policy: the survey's link or a personal invitation is the key, and
  answers never name their author.
- Results are aggregated and shown only for groups of at least the survey's threshold
  (``latu.surveys.queries``).
"""

from django.db.models import QuerySet

from latu.access.base import ORG_ADMIN, Policy, is_programme_office, memberships, register
from latu.organisations.models import Role
from latu.surveys.models import Invitation, Survey

READERS = {Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}


def _org_ids(user, roles: set[str]) -> set[int]:
    return {m.organisation_id for m in memberships(user) if m.role in roles}


@register(Survey)
class SurveyPolicy(Policy):
    def scope(self, user, qs: QuerySet, action: str) -> QuerySet:
        if is_programme_office(user):
            return qs
        roles = ORG_ADMIN if action == "manage" else READERS
        return qs.filter(organisation_id__in=_org_ids(user, roles))

    def allows(self, user, action: str, obj: Survey) -> bool:
        if obj.organisation_id is None:
            return is_programme_office(user) and action in ("view", "results", "manage")
        if is_programme_office(user) and action in ("view", "results"):
            return True
        if action == "manage":
            return obj.organisation_id in _org_ids(user, ORG_ADMIN)
        if action in ("view", "results"):
            return obj.organisation_id in _org_ids(user, READERS)
        return False


@register(Invitation)
class InvitationPolicy(Policy):
    def scope(self, user, qs: QuerySet, action: str) -> QuerySet:
        if is_programme_office(user):
            return qs
        return qs.filter(survey__organisation_id__in=_org_ids(user, ORG_ADMIN))

    def allows(self, user, action: str, obj: Invitation) -> bool:
        return SurveyPolicy().allows(user, "manage", obj.survey)
