from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    # An app of its own: its templates, Dutch catalogue and enrolment codes.
    name = "community.twofactor"
    label = "twofactor"
    verbose_name = _("Two-factor authentication")
