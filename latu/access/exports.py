"""A download prepared in the background is its person's own: nobody else sees it,
whatever their roles. (Whether they may have the data at all is checked when it is built.)"""

from latu.access.base import Policy, register
from latu.core.models import ExportJob


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@register(ExportJob)
class ExportJobPolicy(Policy):
    def scope(self, user, qs, action):
        if not _signed_in(user) or action != "view":
            return qs.none()
        return qs.filter(owner=user)

    def allows(self, user, action, obj):
        return _signed_in(user) and action == "view" and obj.owner_id == user.pk
