from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from latu.core.events import events_emitted


def _default_criteria(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from latu.ideas.models import ensure_default_criteria

        ensure_default_criteria(instance)


def _forget_board_totals(sender, events, **kwargs) -> None:
    """Anything that happens in an organisation may change its board's counts."""
    from latu.ideas.queries import bump_board

    for organisation_id in {getattr(e.organisation, "pk", e.organisation) for e in events if e.organisation}:
        bump_board(organisation_id)


class IdeasConfig(AppConfig):
    name = "latu.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from latu.organisations.models import Organisation

        # Every organisation starts with the default evaluation criteria of the LATU model.
        post_save.connect(_default_criteria, sender=Organisation, dispatch_uid="ideas-default-criteria")
        events_emitted.connect(_forget_board_totals, dispatch_uid="ideas-board-totals")
