"""`latu expire_nominations`: close the haasta kollega invitations whose time is up
(the campaign ended more than the grace period ago). Pages do this as well; run it
daily from cron to keep the figures exact without visitors."""

from django.core.management.base import BaseCommand

from latu.campaigns.actions import expire_nominations


class Command(BaseCommand):
    help = "Expire haasta kollega invitations whose campaign ended more than 30 days ago."

    def handle(self, *args, **options):
        count = expire_nominations()
        self.stdout.write(f"Expired invitations: {count}")
