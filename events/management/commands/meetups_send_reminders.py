"""Send due meetup reminders, 24 hours and 30 minutes before (issue 10 §8). Safe to run
every minute: each reminder is recorded before it goes out, and goes out once."""

from django.core.management.base import BaseCommand

from events.services import reminders_send


class Command(BaseCommand):
    help = "Send due meetup reminders (in-app; e-mail for members who opted in)."

    def handle(self, *args, **options) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} meetup reminder(s) sent")
