from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "latu.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from latu.core.events import events_emitted
        from latu.notifications import signals
        from latu.notifications.delivery import on_events

        events_emitted.connect(on_events, dispatch_uid="latu.notifications")
        pre_delete.connect(signals.forget_actor, sender=settings.AUTH_USER_MODEL,
                           dispatch_uid="latu.notifications.forget_actor")
