from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "latu.api"
    label = "api"
