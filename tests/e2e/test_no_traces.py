"""No traces on a shared phone: a visitor and a member who signs in (without "stay
signed in") leave only cookies that end with the browser, and quick exit replaces the
history entry of the last Kring page."""

import time

import pytest
from django.conf import settings

from tests.e2e.privacy_helpers import stub_neutral_site
from tests.factories import DEFAULT_PASSWORD, TrustedMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]


def _persistent(cookies: list[dict]) -> list[str]:
    """Cookies with an expiry date outlive the browser session (-1 means session)."""
    return [cookie["name"] for cookie in cookies if cookie["expires"] != -1]


def test_a_visitor_and_a_member_leave_no_persistent_cookie_and_no_history_entry(
    page, live_server_url
):
    stub_neutral_site(page)
    member = TrustedMemberFactory()

    page.goto("/quick-exit/")
    page.locator(".language-switcher a[hreflang='en']").click()
    page.wait_for_load_state()
    assert _persistent(page.context.cookies()) == []

    page.goto("/accounts/login/")
    page.fill("input[name='login']", member.username)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    assert not page.locator("input[name='remember']").is_checked()
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_load_state()
    page.goto("/forum/")
    names = {cookie["name"] for cookie in page.context.cookies()}
    assert settings.SESSION_COOKIE_NAME in names
    assert settings.CSRF_COOKIE_NAME in names
    assert _persistent(page.context.cookies()) == []

    history_length = page.evaluate("history.length")
    page.click(".quick-exit__button")
    page.wait_for_url(settings.QUICK_EXIT_URL)

    # Replaced, not added: the forum page is gone from the history.
    assert page.evaluate("history.length") == history_length
    page.go_back()
    assert not page.url.endswith("/forum/")
    assert _persistent(page.context.cookies()) == []


def test_stay_signed_in_is_the_members_choice(page, live_server_url):
    member = TrustedMemberFactory()

    page.goto("/accounts/login/")
    page.fill("input[name='login']", member.username)
    page.fill("input[name='password']", DEFAULT_PASSWORD)
    page.check("input[name='remember']")
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_load_state()

    session = next(
        cookie
        for cookie in page.context.cookies()
        if cookie["name"] == settings.SESSION_COOKIE_NAME
    )
    assert session["expires"] > time.time() + settings.SESSION_COOKIE_AGE - 600
