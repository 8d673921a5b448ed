"""The site shell in a real browser: works at 320 px, every request stays on Kring's own
origin, no Content-Security-Policy violation, skip link, language switch, and the
Wagtail admin still runs its JavaScript under its own policy."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.privacy_helpers import log_in_by_cookie
from tests.factories import SuperuserFactory, UserFactory

pytestmark = pytest.mark.e2e

VISITOR_PAGES = ["/nl/", "/en/", "/quick-exit/", "/accounts/login/", "/accounts/signup/"]
MEMBER_PAGES = ["/nl/", "/account/leave/", "/account/leave/delete/", "/no-such-page/"]


class Recorder:
    """Everything a page asks for, and everything the browser complains about."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.csp_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_errors.append(message.text)

    def foreign_requests(self, origin: str) -> list[str]:
        return [
            url for url in self.requests if not (url.startswith(origin) or url.startswith("data:"))
        ]


def _fits_320px(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.mark.services
def test_health_page_is_served_by_live_daphne(page):
    response = page.goto("/health/")

    assert response.status == 200
    assert '"database": true' in page.content()


def test_visitor_pages_fit_320px_stay_on_kring_and_break_no_policy(
    browser, live_server_url, transactional_db
):
    context = browser.new_context(base_url=live_server_url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    recorder = Recorder(page)
    try:
        for url in VISITOR_PAGES:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert _fits_320px(page), f"{url} scrolls sideways at 320 px"
    finally:
        context.close()

    assert recorder.requests, "the recorder saw nothing: it would not catch a leak either"
    assert recorder.foreign_requests(live_server_url) == []
    assert recorder.csp_errors == []
    assert recorder.page_errors == []


def test_member_pages_fit_320px_stay_on_kring_and_break_no_policy(
    browser, live_server_url, transactional_db
):
    context = browser.new_context(base_url=live_server_url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    recorder = Recorder(page)
    log_in_by_cookie(page, UserFactory(), base_url=live_server_url)
    try:
        for url in MEMBER_PAGES:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            assert (
                page.locator("meta[name='robots']").get_attribute("content").startswith("noindex")
            )
            assert _fits_320px(page), f"{url} scrolls sideways at 320 px"
    finally:
        context.close()

    assert recorder.foreign_requests(live_server_url) == []
    assert recorder.csp_errors == []
    assert recorder.page_errors == []


def test_an_inline_script_would_be_blocked_and_reported(page):
    """The CSP check above can fail: an injected inline script is refused and seen."""
    recorder = Recorder(page)
    page.goto("/quick-exit/")

    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )

    assert page.evaluate("window.injected") is None
    assert recorder.csp_errors


def test_the_skip_link_is_the_first_tab_stop_and_shows_when_focused(page):
    page.goto("/quick-exit/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_the_language_switcher_changes_the_language_and_stays_on_the_page(page):
    page.goto("/quick-exit/")
    assert page.locator("html").get_attribute("lang") == "nl"

    page.locator(".language-switcher a[hreflang='en']").click()
    page.wait_for_load_state()

    assert page.url.endswith("/quick-exit/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".quick-exit__button").inner_text() == "Quick exit"


def _a_wagtail_page():
    """A page to edit. Browser tests flush the database, Wagtail's tree included."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="nl")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    return root.add_child(instance=Page(title="Spreekuur", slug="spreekuur-e2e"))


def test_wagtail_admin_runs_its_javascript_under_its_own_policy(page, live_server_url):
    user = SuperuserFactory()
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    log_in_by_cookie(page, user, base_url=live_server_url, verified_device=device)
    recorder = Recorder(page)
    wagtail_page = _a_wagtail_page()

    page.goto("/admin/")
    # The sidebar is rendered by Wagtail's JavaScript (React) into this element.
    page.locator("[data-wagtail-sidebar] nav, #wagtail-sidebar nav").first.wait_for()
    # The editor: its date-time widgets are set up by inline <script> elements.
    page.goto(f"/admin/pages/{wagtail_page.pk}/edit/")
    page.locator("#id_go_live_at").wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    inline_scripts = page.locator("script:not([src]):not([type='application/json'])")

    assert inline_scripts.count() > 0  # why the admin needs its own policy
    assert recorder.csp_errors == []
    assert recorder.page_errors == []
    assert recorder.foreign_requests(live_server_url) == []
