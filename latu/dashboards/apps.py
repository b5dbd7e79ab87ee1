from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "latu.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from latu.core.events import events_emitted
        from latu.dashboards.receivers import on_events

        events_emitted.connect(on_events, dispatch_uid="latu.dashboards.refresh")
