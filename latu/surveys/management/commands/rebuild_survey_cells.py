"""Recount the precomputed result cells of surveys from their raw answers."""

from django.core.management.base import BaseCommand, CommandParser

from latu.surveys import cells
from latu.surveys.models import Survey


class Command(BaseCommand):
    help = "Rebuild the precomputed result counts of every survey (or of the given ones) from the answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey", nargs="*", type=int, help="survey ids (default: every survey)")

    def handle(self, *args, **options) -> None:
        surveys = Survey.objects.all()
        if options["survey"]:
            surveys = surveys.filter(pk__in=options["survey"])
        for survey in surveys.order_by("pk"):
            count = cells.rebuild(survey)
            self.stdout.write(f"survey {survey.pk}: {count} cells")
