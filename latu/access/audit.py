"""Who may read the audit log: an organisation's admins read its events, the
programme office reads everything. Nobody changes audit events."""

from latu.access.base import ORG_ADMIN, Policy, has_role, is_programme_office, memberships, register
from latu.audit.models import AuditEvent


@register(AuditEvent)
class AuditEventPolicy(Policy):
    def scope(self, user, qs, action):
        if action != "view":
            return qs.none()
        if is_programme_office(user):
            return qs
        return qs.filter(organisation__in=[m.organisation_id for m in memberships(user) if m.role in ORG_ADMIN])

    def allows(self, user, action, obj):
        if action != "view":
            return False
        if is_programme_office(user):
            return True
        return obj.organisation_id is not None and has_role(user, obj.organisation_id, ORG_ADMIN)
