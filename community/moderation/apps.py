from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Moderation primitives shared by forum, chat, meetups and safety alerts."""

    name = "community.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
