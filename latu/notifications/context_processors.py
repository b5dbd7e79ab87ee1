from django.utils.functional import SimpleLazyObject

from latu.notifications.queries import unread_count


def notifications(request):
    """``unread_notifications``: counted only when a template shows it, once per request."""
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request))}
