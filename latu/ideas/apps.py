from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "latu.ideas"
    label = "ideas"
