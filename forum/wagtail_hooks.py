"""Forum categories are managed in the Wagtail admin (Snippets → Forum categories)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Forum categories")
    add_to_admin_menu = True
    list_display = ["name", "order", "read_access", "post_access", "posts_need_approval"]
    ordering = ["order", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("order"),
        MultiFieldPanel(
            [
                FieldPanel("read_access"),
                FieldPanel("post_access"),
                FieldPanel("posts_need_approval"),
            ],
            heading=_("Access"),
        ),
    ]


register_snippet(CategoryViewSet)
