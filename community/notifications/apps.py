from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications (the bell) and the optional e-mail digest."""

    name = "community.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from community.notifications import privacy
        from community.registries.member_data import register_member_data

        register_member_data(
            "notifications",
            export=privacy.notifications_member_export,
            erase=privacy.notifications_member_erase,
            anonymise=privacy.notifications_member_anonymise,
        )
