"""Every response carries the security headers, also one that a middleware produced
before the view: 2FA redirects, the 403 at the admins' login, a CSRF failure, a 400
for a foreign Host header, slash and language redirects, and a 404 (security review,
issue 7, item 17)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from tests.community.twofactor_helpers import totp_device_create
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Early:
    make: Callable[[], object]
    status: int
    private: bool  # Under PRIVATE_URL_PREFIXES: also noindex.


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _unverified_moderator_with_app() -> Client:
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    return _logged_in(moderator)


EARLY_RESPONSES = {
    "2fa-verify-redirect": Early(
        lambda: _unverified_moderator_with_app().get("/moderation/"), 302, True
    ),
    "2fa-setup-redirect": Early(
        lambda: _logged_in(ModeratorFactory()).get("/members/approvals/"), 302, True
    ),
    "admin-login-403": Early(lambda: _logged_in(UserFactory()).get("/admin/login/"), 403, True),
    "admin-login-redirect": Early(lambda: Client().get("/django-admin/login/"), 302, True),
    "csrf-failure-403": Early(
        lambda: Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "x"}),
        403,
        True,
    ),
    "foreign-host-400": Early(lambda: Client().get("/", HTTP_HOST="evil.example"), 400, False),
    "append-slash-redirect": Early(lambda: Client().get("/accounts/login"), 301, True),
    "language-redirect": Early(lambda: Client().get("/bestaat-niet/"), 302, False),
    "not-found-404": Early(lambda: Client().get("/nl/bestaat-niet/"), 404, False),
    "normal-page": Early(lambda: Client().get("/accounts/login/"), 200, True),
}


@pytest.mark.parametrize("name", EARLY_RESPONSES)
def test_every_response_carries_the_security_headers(name):
    early = EARLY_RESPONSES[name]

    response = early.make()

    assert response.status_code == early.status
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "frame-ancestors" in csp
    assert response.get("X-Frame-Options") in {"DENY", "SAMEORIGIN"}
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") == "same-origin"
    assert response.get("Cross-Origin-Opener-Policy") == "same-origin"
    if early.private:
        assert response.get("X-Robots-Tag") == "noindex, nofollow"


def test_a_logged_in_members_early_responses_are_not_cached_either():
    response = _logged_in(UserFactory()).get("/admin/login/")

    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]


def test_the_wagtail_admin_may_still_frame_itself_for_page_previews():
    response = Client().get("/admin/login/")

    assert response.get("X-Frame-Options") == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_site_pages_still_may_not_be_framed():
    response = Client().get("/accounts/login/")

    assert response.get("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
