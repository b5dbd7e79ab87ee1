"""`latu reindex-ideas`: analyse the ideas again and replace their search terms."""

import time

from django.core.management.base import BaseCommand, CommandError

from latu.core.bulk import vacuum_analyse
from latu.ideas import search
from latu.ideas.models import Idea, IdeaTerm, TermKey
from latu.organisations.models import Organisation
from latu.tori.progress import CommandStream, Progress


class Command(BaseCommand):
    help = ("Analyse the ideas again and replace their search terms (e.g. after the Finnish dictionary "
            "was updated), then forget the misspelling keys of words no idea has any more. Searching goes on "
            "meanwhile.")

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="SLUG", help="Only the ideas of this organisation.")
        parser.add_argument("--batch-size", type=int, default=500, help="Ideas analysed and written at a time.")

    def handle(self, *args, **options):
        organisation_id = None
        if options["organisation"]:
            organisation_id = Organisation.objects.filter(slug=options["organisation"]).values_list(
                "pk", flat=True).first()
            if organisation_id is None:
                raise CommandError(f"No organisation {options['organisation']!r}.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        ideas = search.announced_ideas(organisation_id)
        with Progress(ideas.count(), "Indexing ideas", CommandStream(self.stderr)) as bar:
            count = search.reindex(ideas, options["batch_size"], progress=lambda done: bar.advance(done - bar.done))
        seconds = time.monotonic() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(f"Ideas indexed: {count} in {seconds:.1f} s ({rate:.0f} ideas/s).")
        started = time.monotonic()
        pruned = search.prune_vocabulary()
        self.stdout.write(f"Keys of unused words deleted: {pruned} in {time.monotonic() - started:.1f} s.")
        vacuum_analyse(IdeaTerm, Idea, TermKey)  # fresh statistics and visibility map for searches
