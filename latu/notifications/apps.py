from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "latu.notifications"
    label = "notifications"
