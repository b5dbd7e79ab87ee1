from django import template

from latu.notifications.queries import latest_unread

register = template.Library()


@register.simple_tag
def latest_unread_notifications(user, limit: int = 5):
    """The person's latest unread notifications, newest first."""
    if user is None or not user.is_authenticated:
        return []
    return latest_unread(user, limit)
