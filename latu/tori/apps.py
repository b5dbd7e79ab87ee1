from django.apps import AppConfig


class ToriConfig(AppConfig):
    name = "latu.tori"
    label = "tori"
