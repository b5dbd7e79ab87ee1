"""The one router of /api/v1/. Each app registers its viewsets in its own api.py,
listed in API_MODULES, so endpoints stay next to their models."""

import importlib

from rest_framework.routers import DefaultRouter

API_MODULES = [
    "latu.organisations.api",
    "latu.accounts.api",
    "latu.ideas.api",
    "latu.experiments.api",
    "latu.tori.api",
    "latu.campaigns.api",
    "latu.notifications.api",
    "latu.surveys.api",
    "latu.indicators.api",
]


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for name in API_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(router)
    return router
