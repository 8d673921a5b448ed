"""Helpers for the privacy browser tests: log in by session cookie, stub the neutral site."""

from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

NEUTRAL_PAGE = "<!DOCTYPE html><html><head><title>Weer</title></head><body>Het weer</body></html>"


def log_in_by_cookie(page, user, *, base_url: str, verified_device=None) -> str:
    """Give the browser a session for `user` (optionally OTP-verified); return its key."""
    client = Client()
    client.force_login(user)
    if verified_device is not None:
        session = client.session
        session["otp_device_id"] = verified_device.persistent_id
        session.save()
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}]
    )
    return key


def neutral_site_pattern() -> str:
    parts = urlsplit(settings.QUICK_EXIT_URL)
    return f"{parts.scheme}://{parts.netloc}/**"


def stub_neutral_site(page) -> list[str]:
    """Answer requests to the quick-exit site with a small local page (the test machine
    is offline); returns the list of URLs the browser asked for there."""
    visited: list[str] = []

    def fulfil(route):
        visited.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    page.context.route(neutral_site_pattern(), fulfil)
    return visited
