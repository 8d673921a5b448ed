"""Store the coming sessions of every active meetup series (issue 10 §1). Run it daily
from cron; running it again creates nothing new."""

from django.core.management.base import BaseCommand

from events.services import generate_days, sessions_generate_all


class Command(BaseCommand):
    help = "Create the sessions of active meetup series for the coming days."

    def handle(self, *args, **options) -> None:
        created = sessions_generate_all()
        self.stdout.write(f"{created} meetup session(s) created ({generate_days()} days ahead)")
