"""`latu demo`: create the Finnish demo. Safe to run again: existing rows are kept
and nothing is duplicated."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module has `load(stdout) -> None`, idempotent; in dependency order.
DEMO_MODULES = [
    "latu.organisations.demo",
    "latu.tori.demo",
    "latu.campaigns.demo",
    "latu.ideas.demo",
    "latu.experiments.demo",
    "latu.notifications.demo",
    "latu.dashboards.demo",
    "latu.surveys.demo",
    "latu.indicators.demo",
    "latu.programmes.demo",
]


class Command(BaseCommand):
    help = "Create the Finnish demo data (organisations, people, ideas, experiments, deeds)."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
        from latu.organisations.demo import print_logins

        print_logins(self.stdout)
