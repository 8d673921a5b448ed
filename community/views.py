"""Site-wide views: health check, error pages, quick exit and the language switch."""

import secrets
from urllib.parse import urlsplit

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale, Page


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the channel layer answer, 503 otherwise."""
    checks = {"database": _database_ok(), "channel_layer": _channel_layer_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", **checks}, status=status
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _channel_layer_ok() -> bool:
    try:
        layer = get_channel_layer()
        # A named channel, not a process-local one (`new_channel`, "health.!..."): on
        # channels-redis the process-local ones share one receive loop with the chat
        # relay, and the check would wait for that loop's turn.
        channel = f"health.{secrets.token_hex(8)}"
        async_to_sync(layer.send)(channel, {"type": "health.ping"})
        return async_to_sync(layer.receive)(channel) == {"type": "health.ping"}
    except Exception:
        return False


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The friendly 404 in the site layout; it never says whether a page exists."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A static page without context: rendering must not fail again, nor leak details."""
    body = loader.get_template("500.html").render({"QUICK_EXIT_URL": settings.QUICK_EXIT_URL})
    return HttpResponse(body, status=500)


@require_POST
@csrf_exempt
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the session and leave for a neutral site.

    quick-exit.js calls this with sendBeacon while the browser is already leaving; without
    JavaScript the quick-exit form posts here and follows the redirect.
    CSRF-exempt on purpose: the worst a forged request can do is log someone out,
    and the exit must work even when the page's token has gone stale.
    """
    logout(request)
    return HttpResponseRedirect(settings.QUICK_EXIT_URL)


def quick_exit_help(request: HttpRequest) -> HttpResponse:
    """What quick exit does and does not do (it does not erase browser history)."""
    return render(request, "quick_exit_help.html")


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language and go back, to the page's translation on a Wagtail page.

    A link (GET), so that public pages carry no form and no CSRF token and look the same
    to every visitor (they can then be served from the cache); POST still works.
    Language-neutral URLs (/forum/...) stay where they are; /nl/... pages go to their
    translation in the chosen language, or to that language's home page when the page
    has no translation. The language cookie lives as long as the browser session.
    """
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    next_url = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if not translation.check_for_language(language):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    translated = _wagtail_translation_url(request, next_url, language)
    if translated:
        response["Location"] = translated
    return response


def _wagtail_translation_url(request: HttpRequest, next_url: str, language: str) -> str | None:
    path = urlsplit(next_url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    prefix_language = path.strip("/").split("/", 1)[0]
    with translation.override(prefix_language):
        # Wagtail's serve pattern passes the page path as a positional argument.
        page = Page.find_for_request(request, match.args[0] if match.args else "")
    locale = Locale.objects.filter(language_code=language).first()
    if page is None or locale is None:
        return f"/{language}/"
    target = page.get_translation_or_none(locale)
    if target is None or not target.live:
        return f"/{language}/"
    with translation.override(language):
        return target.get_url(request) or f"/{language}/"
