from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "latu.accounts"
    label = "accounts"
