"""Delete expired chat messages for real (issue 9 §8). Run it from cron, e.g. hourly:
a meetup room's messages go a set number of hours after it closes."""

from django.core.management.base import BaseCommand

from chat.services import messages_expired_purge


class Command(BaseCommand):
    help = "Delete chat messages older than their room keeps them, and closed meetup rooms'."

    def handle(self, *args, **options) -> None:
        deleted = messages_expired_purge()
        self.stdout.write(f"{deleted} expired chat message(s) deleted")
