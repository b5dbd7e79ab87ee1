from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "latu.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from latu.campaigns import hooks
        from latu.core.events import event_emitted

        event_emitted.connect(hooks.on_event, dispatch_uid="campaigns-deed-events")
