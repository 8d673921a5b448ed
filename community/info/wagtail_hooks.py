"""Wagtail admin registrations for the information pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.info.organisations import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "locale", "anonymous_help"]
    search_fields = ["name", "summary"]


register_snippet(OrganisationViewSet)
