"""Delete who attended a meetup once the session is a while over (issue 10 §4). Run it
daily; the delay is settings.KRING_MEETUP_ATTENDANCE_PURGE_DAYS."""

from django.core.management.base import BaseCommand

from events.services import attendance_purge


class Command(BaseCommand):
    help = "Delete RSVPs of meetup sessions that ended longer ago than the retention."

    def handle(self, *args, **options) -> None:
        deleted = attendance_purge()
        self.stdout.write(f"{deleted} past RSVP(s) deleted")
