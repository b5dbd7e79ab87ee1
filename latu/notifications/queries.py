from django.db.models import Case, IntegerField, QuerySet, Value, When

from latu import access
from latu.notifications.models import Notification

_UNREAD_ATTR = "_latu_unread_notifications"


def unread_count(request) -> int:
    """The number of unread notifications of the signed-in person: one query, at most
    once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, _UNREAD_ATTR):
        setattr(request, _UNREAD_ATTR, unread(user).count())
    return getattr(request, _UNREAD_ATTR)


BADGE_LIMIT = 99


def unread_badge(request) -> str:
    """The navigation's badge: the number of unread notifications, "99+" beyond that
    (counting stops there: a busy innovator may have thousands). Empty for none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if hasattr(request, _UNREAD_ATTR):
        count = getattr(request, _UNREAD_ATTR)
    else:
        count = unread(user).order_by()[: BADGE_LIMIT + 1].count()
    if not count:
        return ""
    return f"{BADGE_LIMIT}+" if count > BADGE_LIMIT else str(count)


def forget_unread_count(request) -> None:
    if hasattr(request, _UNREAD_ATTR):
        delattr(request, _UNREAD_ATTR)


def own(user) -> QuerySet[Notification]:
    return access.scope(user, Notification)


def unread(user) -> QuerySet[Notification]:
    return own(user).filter(read_at__isnull=True)


def unread_first(user) -> QuerySet[Notification]:
    return (
        own(user)
        .select_related("organisation")
        .annotate(read_order=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1),
                                  output_field=IntegerField()))
        .order_by("read_order", "-created_at", "-pk")
    )


def latest_unread(user, limit: int = 5) -> list[Notification]:
    return list(unread(user).select_related("organisation").order_by("-created_at", "-pk")[:limit])
