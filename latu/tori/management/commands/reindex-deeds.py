"""`latu reindex-deeds`: rebuild the search index of Tekojen tori from the published deeds."""

import time

from django.core.management.base import BaseCommand

from latu.tori import indexing
from latu.tori.progress import CommandStream, Progress


class Command(BaseCommand):
    help = "Rebuild the search index of the published deeds (Tekojen tori)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Deeds analysed and written at a time.")

    def handle(self, *args, **options):
        started = time.monotonic()
        total = indexing.published_count()
        with Progress(total, "Indexing deeds", CommandStream(self.stderr)) as bar:
            count = indexing.rebuild(options["batch_size"], progress=lambda done, _total: bar.advance(done - bar.done))
        seconds = time.monotonic() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(f"Indexed {count} published deeds in {seconds:.1f} s ({rate:.0f} deeds/s).")
        indexing.vacuum()
