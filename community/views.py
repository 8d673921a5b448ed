"""Site-wide views: health check and error pages."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import logout
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

# A neutral page to land on after a quick exit; the same address is in base.html.
QUICK_EXIT_URL = "https://www.knmi.nl/nederland-nu/weer/verwachtingen"


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
        channel = async_to_sync(layer.new_channel)("health.")
        async_to_sync(layer.send)(channel, {"type": "health.ping"})
        return async_to_sync(layer.receive)(channel) == {"type": "health.ping"}
    except Exception:
        return False


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@require_POST
@csrf_exempt
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the session and leave for a neutral site.

    CSRF-exempt on purpose: the worst a forged request can do is log someone out,
    and the exit must work even when the page's token has gone stale.
    """
    logout(request)
    return HttpResponseRedirect(QUICK_EXIT_URL)
