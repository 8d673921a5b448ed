"""Kring's URLs.

Language-neutral URLs (accounts, members-only areas, admin, health) come first;
public information pages are Wagtail pages under a language prefix (/nl/, /en/).
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("", include("community.urls")),
    path("", include("community.accounts.urls")),
    path("account/leave/", include("community.privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/2fa/", include("community.twofactor.urls")),
    path("forum/", include("forum.urls")),
    path("chat/", include("chat.urls")),
    path("moderation/", include("community.moderation.urls")),
    path("notifications/", include("community.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", include("community.info.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "community.views.page_not_found"
handler500 = "community.views.server_error"
