"""Send the opt-in e-mail digest: one neutral e-mail per member with new unread
notifications. Run it from cron (e.g. hourly or daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from community.notifications.services import notification_digest_send


class Command(BaseCommand):
    help = "Send one neutral e-mail to each opted-in member with new unread notifications."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "KRING_BASE_URL", settings.WAGTAILADMIN_BASE_URL),
            help="Start of the link in the e-mail, e.g. https://kring.example.nl",
        )

    def handle(self, *args, base_url: str, **options) -> None:
        sent = notification_digest_send(base_url=base_url)
        self.stdout.write(f"{sent} digest e-mail(s) sent")
