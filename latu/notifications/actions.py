"""Changes a person makes to their own notifications and preferences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.notifications.models import Notification, Preference, effective_preferences
from latu.notifications.registry import Category, EmailDelivery


def mark_read(notification: Notification) -> bool:
    """Returns False when it was read already."""
    if notification.read_at is not None:
        return False
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    notification.read_at = now
    return bool(updated)


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def update_preferences(user, choices: dict[str, tuple[bool, str]]) -> list[str]:
    """Save the person's choices, ``{category: (in app, email)}``; categories left out
    keep their current setting. Digest items still waiting in a category that no longer
    goes to the digest are dropped from it. Returns the categories that changed."""
    unknown = set(choices) - set(Category.values)
    if unknown:
        raise ValidationError(_("Unknown notification category: %(names)s"), code="invalid",
                              params={"names": ", ".join(sorted(unknown))})
    if any(email not in EmailDelivery.values for _in_app, email in choices.values()):
        raise ValidationError(_("Choose how email is sent: not at all, immediately or in the weekly digest."),
                              code="invalid")
    current = effective_preferences([user.pk])[user.pk]
    changed = [category for category, choice in choices.items() if tuple(current[category]) != tuple(choice)]
    with transaction.atomic():
        for category in changed:
            in_app, email = choices[category]
            Preference.objects.update_or_create(user=user, category=category,
                                                defaults={"in_app": bool(in_app), "email": email})
            if email != EmailDelivery.DIGEST:
                Notification.objects.filter(
                    recipient=user, category=category, email=EmailDelivery.DIGEST, emailed_at__isnull=True
                ).update(email=EmailDelivery.OFF)
    return changed
