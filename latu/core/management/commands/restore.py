"""`latu restore ARCHIVE`: check a backup and put its database and uploaded files back."""

from django.core.management.base import BaseCommand, CommandError

from latu.core import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `latu backup`: checks its checksums and migrations, refuses to "
            "overwrite a database holding data without --force.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="The archive made by `latu backup`.")
        parser.add_argument("--force", action="store_true",
                            help="Overwrite the database even though it holds data.")
        parser.add_argument("--check", action="store_true",
                            help="Only check the archive (checksums, migrations); change nothing.")
        parser.add_argument("--no-media", action="store_true", help="Leave the uploaded files as they are.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, **options) -> None:
        try:
            report = backup.restore(options["archive"], alias=options["database"], force=options["force"],
                                    include_media=not options["no_media"], check_only=options["check"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        made = f"made {manifest['created_at']} by Latu {manifest['latu_version']}"
        if options["check"]:
            self.stdout.write(f"The archive is intact ({made}, {len(manifest['files'])} files).")
        else:
            self.stdout.write(f"Restored the database and {report.media_files} uploaded files ({made}).")
        if report.pending_migrations:
            self.stdout.write(f"{len(report.pending_migrations)} newer migrations are not applied yet: "
                              "run `latu migrate`.")
