from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "latu.experiments"
    label = "experiments"
