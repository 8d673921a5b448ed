from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    # An app (no models) so that its templates and Dutch catalogue load with it.
    name = "community.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
