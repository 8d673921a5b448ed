from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Connects the logout receiver that closes a signed-out session's sockets.
        from community import realtime  # noqa: F401
