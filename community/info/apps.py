from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoConfig(AppConfig):
    """Wagtail page types and snippets for the public information pages."""

    name = "community.info"
    label = "info"
    verbose_name = _("Information pages")
