"""`latu import-deeds PATH`: import development deeds from a CSV or JSON file.

Every row is checked before anything is written. If any row is invalid, each bad row
is reported with its line number and nothing is imported, unless --skip-invalid is
given, in which case the valid rows are imported and the invalid ones reported.
"""

from django.core.management.base import BaseCommand, CommandError

from latu.tori import importer
from latu.tori.progress import CommandStream, Progress


class Command(BaseCommand):
    help = "Import development deeds (Tekojen tori) from a CSV or JSON file: all rows, or none if any is invalid."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .json file (UTF-8).")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows and report the invalid ones."
        )
        parser.add_argument("--draft", action="store_true", help="Import as drafts instead of publishing.")
        parser.add_argument(
            "--progress", action="store_true", help="Show the progress bar even when not on a terminal."
        )

    def handle(self, *args, **options):
        try:
            rows = importer.read_file(options["path"])
        except importer.ImportFileError as error:
            raise CommandError(str(error)) from None
        stream = CommandStream(self.stderr)
        with Progress(len(rows), "Checking ", stream, force=options["progress"]) as bar:
            rows = importer.check(rows, progress=bar.advance)
        invalid = [row for row in rows if row.errors]
        for row in invalid:
            self.stderr.write(f"Line {row.line}: " + " ".join(row.errors))
        if invalid and not options["skip_invalid"]:
            raise CommandError(
                f"{len(invalid)} of {len(rows)} rows are invalid; nothing was imported. "
                "Fix them, or use --skip-invalid to import the valid rows only."
            )
        valid = len(rows) - len(invalid)
        with Progress(valid, "Importing", stream, force=options["progress"]) as bar:
            created = importer.import_rows(rows, publish=not options["draft"], progress=bar.advance)
        state = "drafts" if options["draft"] else "published deeds"
        message = f"Imported {len(created)} {state}."
        if invalid:
            message += f" Skipped {len(invalid)} invalid rows."
        self.stdout.write(self.style.SUCCESS(message))
