"""`latu purge-audit`: remove audit events older than AUDIT_RETENTION_DAYS."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from latu.audit.retention import purge_old_events, retention_cutoff


class Command(BaseCommand):
    help = "Remove audit events older than AUDIT_RETENTION_DAYS days (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Keep this many days instead (default: {settings.AUDIT_RETENTION_DAYS}).")
        parser.add_argument("--enqueue", action="store_true",
                            help="Hand the purge to the task worker instead (for schedulers).")

    def handle(self, *args, **options):
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        if options["enqueue"]:
            if days is not None:
                raise CommandError("--enqueue uses AUDIT_RETENTION_DAYS; leave out --days")
            from latu.audit.tasks import purge_old_audit_events

            result = purge_old_audit_events.enqueue()
            self.stdout.write(f"Enqueued {result.id}")
            return
        cutoff = retention_cutoff(days=days)
        count = purge_old_events(days=days)
        self.stdout.write(self.style.SUCCESS(f"Removed {count} audit events recorded before {cutoff:%Y-%m-%d %H:%M}."))
