"""A visitor's copy of a public information page, served from the cache.

A public page looks the same to every visitor (no CSRF token, no per-visitor state:
the language switch is a link and quick exit needs no token), so a visitor without a
session gets the stored copy without the session, locale, CSRF, auth and Wagtail work.
Members (a session cookie) always get a fresh page.

The key is the path, which carries the language (`/nl/...`, `/en/...`). Copies are
dropped when anything is published, unpublished, moved or deleted, or a snippet of the
information pages changes (a new generation), and at local midnight, so that "next
consultation hour" dates move on. wagtail-cache would do this but requires Wagtail < 8.
"""

import datetime
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

GENERATION_KEY = "public-pages:generation"
# Headers that belong to the page; the header middlewares outside add the rest.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def public_pages_invalidate() -> None:
    """Start a new generation: every stored copy is ignored from now on."""
    cache.set(GENERATION_KEY, secrets.token_hex(4), timeout=None)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = secrets.token_hex(4)
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def _seconds_until_local_midnight() -> int:
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, tzinfo=now.tzinfo
    )
    return max(60, int((midnight - now).total_seconds()))


def _is_visitor_page_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path
    return not any(
        path.startswith(prefix)
        for prefix in (*settings.PRIVATE_URL_PREFIXES, *settings.KRING_STAFF_PATH_PREFIXES)
    )


def _key(request: HttpRequest, generation: str) -> str:
    return f"public-page:{generation}:{request.get_host()}:{request.path}"


class PublicPageCacheMiddleware:
    """Serve and store visitors' copies of Wagtail pages (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_visitor_page_request(request):
            return self.get_response(request)
        generation = _generation()
        key = _key(request, generation)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self._storable(request, response):
            headers = [(name, response[name]) for name in _KEPT_HEADERS if name in response]
            cache.set(
                key,
                (response.status_code, headers, response.content),
                timeout=_seconds_until_local_midnight(),
            )
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and match is not None
            and match.url_name == "wagtail_serve"
            and not response.cookies
            and not getattr(response, "streaming", False)
            and not (user is not None and user.is_authenticated)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
