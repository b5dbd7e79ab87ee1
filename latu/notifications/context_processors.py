from django.utils.functional import SimpleLazyObject

from latu.notifications.queries import unread_badge


def notifications(request):
    """``unread_notifications``: the badge text ("3", "99+", or empty), counted only when a
    template shows it."""
    return {"unread_notifications": SimpleLazyObject(lambda: unread_badge(request))}
