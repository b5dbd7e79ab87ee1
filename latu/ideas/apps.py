from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from latu.core.events import event_emitted


def _default_criteria(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from latu.ideas.models import ensure_default_criteria

        ensure_default_criteria(instance)


def _forget_board_totals(sender, event, **kwargs) -> None:
    """Anything that happens in an organisation may change its board's counts."""
    if event.organisation is not None:
        from latu.ideas.queries import bump_board

        bump_board(getattr(event.organisation, "pk", event.organisation))


class IdeasConfig(AppConfig):
    name = "latu.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from latu.organisations.models import Organisation

        # Every organisation starts with the default evaluation criteria of the LATU model.
        post_save.connect(_default_criteria, sender=Organisation, dispatch_uid="ideas-default-criteria")
        event_emitted.connect(_forget_board_totals, dispatch_uid="ideas-board-totals")
