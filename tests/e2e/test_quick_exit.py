"""Quick exit in a real browser: by button (click, keyboard) and by Shift three times.

The page hides at once, the location is replaced by the neutral site (so Back does not
return to Kring), and a logged-in member's session ends on the server.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from tests.e2e.privacy_helpers import log_in_by_cookie, stub_neutral_site
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

START = "/quick-exit/"
BUTTON = ".quick-exit__button"


def _session_ended(page, key: str) -> bool:
    """sendBeacon delivers the logout in the background: wait for it, by polling."""
    for _attempt in range(100):
        if not Session.objects.filter(session_key=key).exists():
            return True
        page.wait_for_timeout(100)
    return False


def _assert_left_kring(page, live_server_url: str) -> None:
    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert page.title() == "Weer"
    page.go_back()
    assert not page.url.startswith(live_server_url)


def _start_logged_in(page, live_server_url: str) -> str:
    stub_neutral_site(page)
    key = log_in_by_cookie(page, UserFactory(), base_url=live_server_url)
    page.goto(START)
    assert page.locator(".site-nav form[action='/accounts/logout/']").count() == 1
    return key


@pytest.mark.services
def test_quick_exit_button_click_leaves_ends_session_and_back_does_not_return(
    page, live_server_url
):
    key = _start_logged_in(page, live_server_url)

    page.click(BUTTON)

    _assert_left_kring(page, live_server_url)
    assert _session_ended(page, key)


@pytest.mark.services
def test_quick_exit_button_works_with_the_keyboard_alone(page, live_server_url):
    key = _start_logged_in(page, live_server_url)

    page.keyboard.press("Tab")  # the skip link comes first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quick-exit__button')")
    page.keyboard.press("Enter")

    _assert_left_kring(page, live_server_url)
    assert _session_ended(page, key)


@pytest.mark.services
def test_pressing_shift_three_times_leaves(page, live_server_url):
    key = _start_logged_in(page, live_server_url)

    for _press in range(3):
        page.keyboard.press("Shift")

    _assert_left_kring(page, live_server_url)
    assert _session_ended(page, key)


def test_shift_used_for_typing_capitals_does_not_leave(page, live_server_url):
    stub_neutral_site(page)
    page.goto("/accounts/login/")

    page.locator("input[name='login']").press_sequentially("Ab")
    page.keyboard.press("Shift")
    page.locator("input[name='login']").press_sequentially("Cd")

    assert page.url.startswith(live_server_url)
    assert page.locator("input[name='login']").input_value() == "AbCd"


def test_the_page_is_hidden_in_the_same_moment_the_exit_starts(page, live_server_url):
    stub_neutral_site(page)
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text))
    page.goto(START)
    # Runs right after quick-exit.js's own submit handler, before the browser leaves.
    page.evaluate(
        """() => document.addEventListener("submit", () => console.log(
            "after-exit " + getComputedStyle(document.documentElement).visibility
            + " title=" + JSON.stringify(document.title)))"""
    )

    page.click(BUTTON)

    page.wait_for_url(settings.QUICK_EXIT_URL)
    assert 'after-exit hidden title=""' in seen


@pytest.mark.services
def test_without_javascript_the_button_still_logs_out_and_leaves(
    browser, live_server_url, transactional_db
):
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    page = context.new_page()
    try:
        key = _start_logged_in(page, live_server_url)

        page.click(BUTTON)

        page.wait_for_url(settings.QUICK_EXIT_URL)
        assert not Session.objects.filter(session_key=key).exists()
    finally:
        context.close()


def test_the_explanation_says_history_is_not_erased(page):
    page.goto("/")
    page.click("a[href='/quick-exit/']")

    assert page.locator("main h1").inner_text()
    assert "geschiedenis" in page.locator("main").inner_text()
