"""Delete the text of safety warnings that expired (or were not published) longer ago
than the retention period. Run daily from cron:

    python manage.py safety_delete_expired_text
"""

from django.core.management.base import BaseCommand

from community.safety.services import warnings_text_delete


class Command(BaseCommand):
    help = "Delete the text of expired and rejected safety warnings after the retention period."

    def handle(self, *args, **options) -> None:
        count = warnings_text_delete()
        self.stdout.write(f"{count}")
