from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "latu.dashboards"
    label = "dashboards"
