"""A person's own account: only they export their personal data or ask for its
deletion (nobody else, the programme office included)."""

from latu.access.base import Policy, register
from latu.accounts.models import User

SELF_ACTIONS = ("view", "export_personal_data", "delete_account")


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@register(User)
class UserPolicy(Policy):
    def scope(self, user, qs, action):
        if not _signed_in(user) or action not in SELF_ACTIONS:
            return qs.none()
        return qs.filter(pk=user.pk)

    def allows(self, user, action, obj):
        return _signed_in(user) and action in SELF_ACTIONS and obj.pk == user.pk
