"""The help desk in Chromium, at 320 px: a member asks the Sociaal Plein about TONK, a
support worker (second factor verified) picks it up and answers by name, the member is
notified, replies, and sees in the read log who opened the request. Every page on the
way is checked with axe-core (WCAG 2.1 A/AA) and for sideways scrolling."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from wagtail.models import Locale

from community.helpdesk.models import HelpRequest, RequestRead, Status, SupportWorkerMembership
from community.notifications.models import Notification
from tests.community.twofactor_helpers import login_verified
from tests.factories import SupportWorkerFactory, TrustedMemberFactory
from tests.info.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PROMISE = "Een medewerker antwoordt binnen 2 werkdagen."


def _session_cookie(client: Client, base_url: str) -> list[dict]:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}]


def _context(browser, base_url: str, cookies: list[dict]):
    # CSP forbids inline scripts; only these contexts bypass it, to inject axe.
    context = browser.new_context(
        base_url=base_url, bypass_csp=True, locale="nl-NL", viewport={"width": 320, "height": 720}
    )
    context.set_default_timeout(10_000)
    context.add_cookies(cookies)
    return context


def _check_page(page, found: dict) -> None:
    """axe-core violations and sideways scrolling, collected per URL."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
    if not page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ):
        problems.append("scrolls sideways at 320 px")
    if problems:
        found[page.url] = problems


def test_member_asks_the_sociaal_plein_about_tonk_and_a_support_worker_answers(
    browser, live_server_url, transactional_db
):
    assert AXE.exists(), "axe-core is missing: run `make install-test` (npm install)"
    # Browser tests flush the database between tests, Wagtail's locales included.
    Locale.objects.get_or_create(language_code="nl")
    plein = OrganisationFactory(name="Sociaal Plein Hilversum", live=True, response_promise=PROMISE)
    worker = SupportWorkerFactory(username="sanne-plein")
    SupportWorkerMembership.objects.create(organisation=plein, worker=worker)
    member = TrustedMemberFactory(username="nachtegaal")
    member_client, worker_client = Client(), Client()
    member_client.force_login(member)
    login_verified(worker_client, worker)
    found: dict[str, list[str]] = {}

    member_context = _context(
        browser, live_server_url, _session_cookie(member_client, live_server_url)
    )
    worker_context = _context(
        browser, live_server_url, _session_cookie(worker_client, live_server_url)
    )
    try:
        # The member asks.
        member_page = member_context.new_page()
        member_page.goto("/help/")
        _check_page(member_page, found)
        member_page.click("[data-new-request]")
        member_page.select_option("select[name=organisation]", str(plein.pk))
        member_page.select_option("select[name=topic]", "money")
        member_page.fill("input[name=subject]", "Vraag over TONK")
        member_page.fill(
            "textarea[name=text]", "Ik heb TONK gekregen. Moet ik het **terugbetalen**?"
        )
        _check_page(member_page, found)
        member_page.click("[data-send]")
        expect(member_page.locator("[data-subject]")).to_have_text("Vraag over TONK")
        expect(member_page.locator("[data-promise]")).to_have_text(PROMISE)
        expect(member_page.locator("[data-status]")).to_have_attribute("data-status", "new")
        _check_page(member_page, found)
        request = HelpRequest.objects.get()

        # The support worker picks it up and answers by name.
        worker_page = worker_context.new_page()
        worker_page.goto("/help/staff/")
        _check_page(worker_page, found)
        worker_page.click(f"[data-request='{request.pk}'] a")
        expect(worker_page.locator("[data-subject]")).to_have_text("Vraag over TONK")
        worker_page.click("[data-pick-up]")
        expect(worker_page.locator("[data-status]")).to_have_attribute("data-status", "picked_up")
        worker_page.fill(
            "textarea[name=text]", "Hoi, ik ben Sanne. Nee, TONK hoef je niet terug te betalen."
        )
        worker_page.click("[data-answer]")
        expect(worker_page.locator("[data-message]")).to_have_count(2)
        _check_page(worker_page, found)

        # The member is notified, reads the answer with the name, replies, sees the log.
        member_page.goto("/notifications/")
        expect(member_page.locator("main")).to_contain_text("nieuw antwoord")
        assert "TONK" not in member_page.locator("main").inner_text()
        member_page.goto(f"/help/requests/{request.pk}/")
        answer = member_page.locator("[data-message]").nth(1)
        expect(answer).to_contain_text("@sanne-plein")
        expect(answer.locator("[data-verified]")).to_contain_text("Sociaal Plein Hilversum")
        expect(answer).to_contain_text("hoef je niet terug te betalen")
        expect(member_page.locator("[data-status]")).to_have_attribute("data-status", "waiting")
        member_page.fill("textarea[name=text]", "Dank je wel, Sanne!")
        member_page.click("[data-send]")
        expect(member_page.locator("[data-message]")).to_have_count(3)
        read_log = member_page.locator("[data-read-log]")
        expect(read_log.locator("[data-read]").first).to_contain_text("@sanne-plein")
        expect(read_log.locator("[data-read]").first).to_contain_text("Sociaal Plein Hilversum")
        _check_page(member_page, found)
    finally:
        member_context.close()
        worker_context.close()

    request.refresh_from_db()
    assert request.assigned_to == worker
    assert request.status == Status.PICKED_UP  # the member answered: back with Sanne
    assert RequestRead.objects.filter(request=request, reader=worker).exists()
    assert Notification.objects.filter(recipient=member, kind="helpdesk").exists()
    assert found == {}
