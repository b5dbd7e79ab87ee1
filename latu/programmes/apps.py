from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "latu.programmes"
    label = "programmes"
