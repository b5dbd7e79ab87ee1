from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "latu.campaigns"
    label = "campaigns"

    def ready(self) -> None:
        from latu.campaigns import hooks
        from latu.core.events import events_emitted

        events_emitted.connect(hooks.on_events, dispatch_uid="campaigns-deed-events")
