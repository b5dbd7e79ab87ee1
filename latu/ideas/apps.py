from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _default_criteria(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from latu.ideas.models import ensure_default_criteria

        ensure_default_criteria(instance)


class IdeasConfig(AppConfig):
    name = "latu.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from latu.organisations.models import Organisation

        # Every organisation starts with the default evaluation criteria of the LATU model.
        post_save.connect(_default_criteria, sender=Organisation, dispatch_uid="ideas-default-criteria")
