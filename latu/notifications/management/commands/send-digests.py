"""`latu send-digests`: send this week's notification digests. Run it from cron or a
scheduler (e.g. on Monday mornings); running it again in the same week sends nothing
twice."""

from django.core.management.base import BaseCommand

from latu.notifications.tasks import send_weekly_digests


class Command(BaseCommand):
    help = "Send the weekly notification digests (once per person and week)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true",
            help="Put the work on the task queue for `latu db_worker` instead of doing it now.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = send_weekly_digests.enqueue()
            self.stdout.write(f"Enqueued the weekly digests as task {result.id}.")
            return
        sent = send_weekly_digests.call()
        self.stdout.write(f"Sent {sent} weekly digest(s).")
