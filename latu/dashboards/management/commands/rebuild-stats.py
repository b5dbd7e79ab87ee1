"""`latu rebuild-stats`: recompute the precomputed dashboard figures."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from latu.dashboards import stats
from latu.organisations.models import Organisation


class Command(BaseCommand):
    help = "Recompute the dashboard figures from the ideas, supports and comments."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", action="append", default=[], metavar="SLUG",
                            help="Only this organisation (may be given several times).")
        parser.add_argument("--days", type=int, default=None,
                            help="Only the last N days (default: everything).")
        parser.add_argument("--since", type=date.fromisoformat, default=None, help="Only from this date (YYYY-MM-DD).")
        parser.add_argument("--enqueue", action="store_true",
                            help="Hand the rebuild of the last days to the task worker instead (for schedulers).")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from latu.dashboards.tasks import rebuild_recent_stats

            result = rebuild_recent_stats.enqueue(options["days"] or 3)
            self.stdout.write(f"Enqueued {result.id}")
            return
        since = options["since"]
        if options["days"] is not None:
            since = timezone.localdate() - timedelta(days=options["days"])
        ids = None
        if options["organisation"]:
            found = dict(Organisation.objects.filter(slug__in=options["organisation"]).values_list("slug", "pk"))
            missing = sorted(set(options["organisation"]) - set(found))
            if missing:
                raise CommandError(f"Unknown organisation: {', '.join(missing)}")
            ids = list(found.values())
        count = stats.rebuild_all(ids, since=since)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the figures of {count} organisations."))
