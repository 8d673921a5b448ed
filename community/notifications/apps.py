from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications (the bell) and the optional e-mail digest."""

    name = "community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
