from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "latu.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from latu.core.events import event_emitted
        from latu.dashboards.receivers import on_event

        event_emitted.connect(on_event, dispatch_uid="latu.dashboards.refresh")
