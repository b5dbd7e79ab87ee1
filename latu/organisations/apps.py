from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "latu.organisations"
    label = "organisations"
