"""Safety warnings in Chromium, one journey: a member warns about a money-mule
recruiter whose phone number is written with spaces, sees it removed before sending, a
moderator publishes the warning from the review queue, and another member finds it and
marks "this happened to me too". The form and the list are checked with axe-core
(WCAG 2.1 A/AA, 0 violations) with the site's strict CSP left on (axe is served from
Kring's own origin), at 320 px without sideways scrolling."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from community.safety.models import MeToo, SafetyWarning
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, TrustedMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe-core-for-tests.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = "0 6 - 1 2 3 4 5 6 7 8"


def _log_in(page, user, base_url: str, *, verified: bool = False) -> None:
    page.context.clear_cookies()
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}]
    )


def _axe_violations(page) -> list[str]:
    page.add_script_tag(url=AXE_PATH)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


def _fits_320(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_warning_is_redacted_published_and_marked_me_too(
    browser, live_server_url, transactional_db
):
    assert AXE.exists(), "axe-core is missing: run `make install-test` (npm install)"
    reporter = TrustedMemberFactory(username="nachtvlinder")
    reader = TrustedMemberFactory(username="zwaluw")
    moderator = ModeratorFactory(username="mod-roos")
    context = browser.new_context(
        base_url=live_server_url, locale="nl-NL", viewport={"width": 320, "height": 800}
    )
    context.set_default_timeout(10_000)
    # axe from Kring's own origin: the page's CSP ('self') stays as strict as ever.
    context.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        # The reporter writes the warning and checks it.
        _log_in(page, reporter, live_server_url)
        page.goto("/alerts/new/")
        assert _axe_violations(page) == []
        assert _fits_320(page)
        page.check("input[name=kind][value=money_mule]")
        page.select_option("select[name=area]", "amsterdam")
        page.fill("input[name=happened_on]", "2026-11-20")
        page.fill(
            "textarea[name=what_happened]",
            "Een man bood 500 euro om mijn bankrekening een maand te 'lenen'. "
            f"Hij appte vanaf {PHONE} en zei dat het voor een vriend was.",
        )
        page.fill(
            "textarea[name=pattern]", "Vriendelijk, belooft snel geld, wil je pas en pincode."
        )
        page.click("[data-check]")

        removed = page.locator("[data-removed]")
        expect(removed).to_contain_text(PHONE)  # shown to the one who typed it, and why
        expect(removed).to_contain_text("Telefoonnummer")
        preview = page.locator("[data-preview-field=what_happened]")
        expect(preview).to_contain_text("[telefoonnummer verwijderd]")
        expect(preview).not_to_contain_text("1 2 3 4")
        assert _axe_violations(page) == []
        page.click("[data-send]")
        page.wait_for_url("**/alerts/mine/")
        expect(page.locator("[data-status=held]")).to_be_visible()
        warning = SafetyWarning.objects.get()
        assert "1 2 3 4" not in warning.what_happened

        # A moderator publishes it from the review queue.
        _log_in(page, moderator, live_server_url, verified=True)
        page.goto("/moderation/")
        item = page.locator("[data-review-item]").filter(has_text="bankrekening")
        expect(item).to_contain_text("nachtvlinder")  # moderators see the reporter
        item.locator("button[value=approve]").click()
        page.wait_for_url("**/moderation/")
        warning.refresh_from_db()
        assert warning.is_visible
        assert warning.expires_at is not None

        # Another member finds it and marks "this happened to me too".
        _log_in(page, reader, live_server_url)
        page.goto("/alerts/?kind=money_mule&area=amsterdam")
        card = page.locator(f"[data-warning='{warning.pk}']")
        expect(card).to_contain_text("[telefoonnummer verwijderd]")
        expect(card).to_contain_text("Verloopt op")
        assert "nachtvlinder" not in page.content()
        assert _axe_violations(page) == []
        assert _fits_320(page)
        card.locator("a").first.click()
        expect(page.locator("main a[href='/help/']")).to_be_visible()
        page.click("[data-me-too]")
        expect(page.locator("[data-me-too-count]")).to_have_text("1")
        assert "nachtvlinder" not in page.content()
        assert MeToo.objects.filter(warning=warning, member=reader).count() == 1
        assert csp_errors == []
    finally:
        context.close()
