from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "latu.campaigns"
    label = "campaigns"
