"""`latu backup`: the database and the uploaded files into one archive (see latu.core.backup)."""

from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from latu.core import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and the uploaded files into one archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="The archive to write (default: latu-backup-<UTC time>.tar "
                                                   "in the current directory).")
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded files out.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options) -> None:
        output = Path(options["output"] or f"latu-backup-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.tar")
        try:
            manifest = backup.create(output, alias=options["database"], include_media=not options["no_media"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        size = output.stat().st_size
        self.stdout.write(
            f"Backed up the {manifest['database']['engine']} database, {len(manifest['migrations'])} migrations "
            f"and {len(manifest['files']) - 1} uploaded files into {output} ({size} bytes)."
        )
