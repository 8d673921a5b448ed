from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.info.page_cache import public_pages_invalidate

# Stored copies of public pages show pages, organisations, consultation hours, images
# and documents, and the home page lists publicly listed meetups: a change to any of
# them starts a new generation of copies. Named by label: info imports no other app.
_PAGE_CONTENT_APPS = frozenset({"info", "wagtailcore", "wagtailimages", "wagtaildocs"})
_PAGE_CONTENT_MODELS = frozenset({"events.meetupseries", "events.meetupsession"})


def _page_content_changed(sender: Any, **kwargs: Any) -> None:
    meta = sender._meta
    if meta.app_label in _PAGE_CONTENT_APPS or meta.label_lower in _PAGE_CONTENT_MODELS:
        public_pages_invalidate()


def _page_published_or_moved(sender: Any, **kwargs: Any) -> None:
    public_pages_invalidate()


class InfoConfig(AppConfig):
    """Wagtail page types and snippets for the public information pages."""

    name = "community.info"
    label = "info"
    verbose_name = _("Information pages")

    def ready(self) -> None:
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(_page_published_or_moved, dispatch_uid=f"public-pages-{id(signal)}")
        post_save.connect(_page_content_changed, dispatch_uid="public-pages-save")
        post_delete.connect(_page_content_changed, dispatch_uid="public-pages-delete")
