from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # No models of its own (they are in the community base); an app so that its demo
    # accounts are found by seed_demo.
    name = "community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
