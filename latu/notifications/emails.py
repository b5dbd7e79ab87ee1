"""Notification emails: one at a time for "immediately", a weekly digest for the rest.
Always in the recipient's language, plain text and HTML, with links to Latu and to
the page where the person chooses what they receive."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from latu.notifications.models import Digest, Notification
from latu.notifications.registry import Category, EmailDelivery

logger = logging.getLogger(__name__)

# A digest lists at most this many items; the rest are on the notifications page.
DIGEST_MAX_ITEMS = 50


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def _language(person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return person.language if person.language in codes else settings.LANGUAGE_CODE


def _item(notification: Notification) -> dict:
    return {
        "message": notification.message,
        "detail": notification.detail,
        "url": absolute(notification.url) if notification.url else "",
        "created_at": notification.created_at,
    }


def _common_context(person) -> dict:
    return {
        "person": person,
        "site_url": settings.SITE_URL,
        "list_url": absolute(reverse("notifications:list")),
        "preferences_url": absolute(reverse("notifications:preferences")),
    }


def _message(person, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200], body=text, to=[person.email],
        headers={"List-Unsubscribe": f"<{context['preferences_url']}>", "Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    return email


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    person = notification.recipient
    with translation.override(_language(person)):
        item = _item(notification)
        context = {**_common_context(person), "item": item,
                   "category": Category(notification.category).label if notification.category in Category.values
                   else ""}
        subject = gettext("Latu: %(message)s") % {"message": item["message"]}
        return _message(person, subject, "notification", context)


def send_notification(notification_id: int) -> bool:
    """Send one "immediately" email unless it has been sent or read already, or the
    person has no address. Marks it sent in the same transaction, so a retry after a
    failure sends it, and a second run does not send it twice."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "organisation")
            .filter(pk=notification_id, email=EmailDelivery.IMMEDIATE, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        person = notification.recipient
        if notification.read_at is not None or not person.is_active or not person.email:
            Notification.objects.filter(pk=notification.pk).update(email=EmailDelivery.OFF)
            return False
        notification_email(notification).send()
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def week_of(day: date) -> date:
    """The Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def pending_digest_items() -> QuerySet[Notification]:
    return Notification.objects.filter(email=EmailDelivery.DIGEST, emailed_at__isnull=True)


def send_weekly_digests(now: datetime | None = None) -> int:
    """One digest per person with pending digest items, at most one per person and
    week: running again in the same week sends nothing twice. Returns how many digests
    were sent. Items read in Latu before the digest are left out of it."""
    now = now or timezone.now()
    week = week_of(timezone.localdate(now))
    pending_digest_items().filter(read_at__isnull=False).update(email=EmailDelivery.OFF)
    recipient_ids = list(
        pending_digest_items()
        .filter(recipient__is_active=True)
        .exclude(recipient__email="")
        .exclude(recipient__notification_digests__week=week)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in recipient_ids:
        try:
            sent += _send_digest(recipient_id, week, now)
        except Exception:
            logger.exception("The weekly digest to person %s could not be sent", recipient_id)
    return sent


def _send_digest(recipient_id: int, week: date, now: datetime) -> bool:
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(recipient_id=recipient_id, week=week, sent_at=now)
        except IntegrityError:
            return False  # already sent this week (or being sent by another run)
        items = list(
            pending_digest_items().filter(recipient_id=recipient_id)
            .select_related("recipient", "organisation").order_by("-created_at", "-pk")
        )
        if not items:
            transaction.set_rollback(True)
            return False
        digest_email(items, week).send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        digest.items = len(items)
        digest.save(update_fields=["items"])
    return True


def digest_email(items: list[Notification], week: date) -> EmailMultiAlternatives:
    person = items[0].recipient
    with translation.override(_language(person)):
        groups = []
        shown = items[:DIGEST_MAX_ITEMS]
        for category in Category:
            in_category = [_item(n) for n in shown if n.category == category]
            if in_category:
                groups.append({"label": category.label, "items": in_category})
        context = {**_common_context(person), "groups": groups, "count": len(items),
                   "more": max(0, len(items) - len(shown)), "week": week}
        subject = ngettext(
            "Latu: %(count)d new notification this week", "Latu: %(count)d new notifications this week", len(items)
        ) % {"count": len(items)}
        return _message(person, subject, "digest", context)
