"""Notifications (one row per recipient and event), each person's preferences per
category, and the weekly digests sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.notifications.registry import DEFAULTS, Category, EmailDelivery, detail_of, render_message


class Notification(models.Model):
    """What one person hears about one event. The actor's name and the title are
    snapshots taken when the event happened; an anonymous author is never recorded
    (no actor, empty name)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    , db_index=False)
    kind = models.CharField(_("event"), max_length=60)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path within Latu."))
    params = models.JSONField(default=dict, blank=True)
    in_app = models.BooleanField(_("shown in Latu"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=EmailDelivery.choices, default=EmailDelivery.OFF)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True, in_app=True),
                         name="notification_unread"),
            models.Index(fields=["recipient"], condition=Q(email=EmailDelivery.DIGEST, emailed_at__isnull=True),
                         name="notification_digest_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The message in the active language."""
        organisation = self.organisation.name if self.organisation_id and self.organisation else ""
        return render_message(self.kind, actor_name=self.actor_name, title=self.title,
                              organisation_name=organisation, params=self.params or {})

    @property
    def detail(self) -> str:
        return detail_of(self.params or {})


class Preference(models.Model):
    """One person's choice for one category. Without a row the defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    , db_index=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    in_app = models.BooleanField(_("show in Latu"), default=True)
    email = models.CharField(_("email"), max_length=10, choices=EmailDelivery.choices, default=EmailDelivery.DIGEST)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.in_app} / {self.email}"


def effective_preferences(user_ids) -> dict[int, dict[str, tuple[bool, str]]]:
    """(in app, email) per category for each person, defaults filled in: one query."""
    result = {user_id: dict(DEFAULTS) for user_id in user_ids}
    for user_id, category, in_app, email in Preference.objects.filter(user__in=list(result)).values_list(
        "user_id", "category", "in_app", "email"
    ):
        if category in DEFAULTS:
            result[user_id][category] = (in_app, email)
    return result


class Digest(models.Model):
    """A weekly digest sent to one person; at most one per person and week."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    , db_index=False)
    week = models.DateField(_("week (Monday)"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "week"], name="notification_digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.week}"
