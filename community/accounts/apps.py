from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # No models of its own (they are in the community base); an app so that its demo
    # accounts are found by seed_demo.
    name = "community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from community.accounts import receivers

        user_logged_in.connect(receivers.session_started, dispatch_uid="kring_session_started")
        user_logged_out.connect(receivers.session_ended, dispatch_uid="kring_session_ended")
