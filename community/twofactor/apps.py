from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    # An app of its own (no models) so that its templates and Dutch catalogue load.
    name = "community.twofactor"
    label = "twofactor"
    verbose_name = _("Two-factor authentication")
