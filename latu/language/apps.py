from django.apps import AppConfig


class LanguageConfig(AppConfig):
    """Text analysis for search and similarity; holds no models."""

    name = "latu.language"
    label = "language"
    verbose_name = "Language analysis"
