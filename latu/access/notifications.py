"""Notifications and notification preferences are private to their person: nobody
else sees or changes them, whatever their roles (the programme office included)."""

from latu.access.base import Policy, register
from latu.notifications.models import Notification, Preference


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@register(Notification)
class NotificationPolicy(Policy):
    def scope(self, user, qs, action):
        if not _signed_in(user) or action not in ("view", "change"):
            return qs.none()
        return qs.filter(recipient=user, in_app=True)

    def allows(self, user, action, obj):
        return _signed_in(user) and action in ("view", "change") and obj.recipient_id == user.pk and obj.in_app


@register(Preference)
class PreferencePolicy(Policy):
    def scope(self, user, qs, action):
        if not _signed_in(user) or action not in ("view", "change"):
            return qs.none()
        return qs.filter(user=user)

    def allows(self, user, action, obj):
        return _signed_in(user) and action in ("view", "change") and obj.user_id == user.pk
