"""Done means: an editor writes a consultation hour in Dutch, a second editor approves
it, it shows on the home page with its next three dates, its English translation is
published the same way, and a visitor finds it through search. All in Chromium.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from community import recurrence
from community.info import services
from community.info.models import ConsultationHoursPage
from tests.community.twofactor_helpers import verify_session
from tests.factories import EditorFactory
from tests.info.factories import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

TITLE_NL = "Spreekuur voor sekswerkers bij de GGD"
TITLE_EN = "Consultation hour for sex workers at the GGD"


def editor_page(browser, live_server_url, user):
    """A browser page logged in as `user`, with a verified second factor."""
    client = Client()
    client.force_login(user)
    verify_session(client, user)
    context = browser.new_context(base_url=live_server_url, locale="nl-NL")
    context.set_default_timeout(20_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server_url,
            }
        ]
    )
    return context.new_page()


def open_more_actions(page) -> None:
    """Open the footer's action dropdown (Save draft / Submit / Approve ...)."""
    toggle = page.locator("footer .w-dropdown-button button[aria-expanded]").first
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def approve(page, page_id: int) -> None:
    page.goto(f"/admin/pages/{page_id}/edit/")
    button = page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    )
    if not button.is_visible():
        open_more_actions(page)
    with page.expect_navigation():
        button.click()


def submit_for_review(page) -> None:
    open_more_actions(page)
    with page.expect_navigation():
        page.locator('button[name="action-submit"]').click()


def expected_first_tuesdays(count: int) -> list[str]:
    rule = recurrence.Rule(
        frequency="monthly",
        ordinal=1,
        weekday=recurrence.Weekday.TUESDAY,
        start_time=dt.time(13),
        end_time=dt.time(15),
        valid_from=timezone.localdate(),
    )
    schedule = recurrence.schedule(rule, [], now=timezone.now(), count=count)
    return [item.start.date().isoformat() for item in schedule.occurrences]


def test_consultation_hour_goes_from_dutch_draft_to_review_to_both_languages_and_search(
    browser, live_server_url, transactional_db
):
    homes = services.site_tree_ensure()
    organisation = OrganisationFactory(name="GGD Hilversum")
    english_org = organisation.copy_for_translation(homes["en"].locale)
    english_org.name = "GGD Hilversum (sexual health)"
    english_org.save()
    author = editor_page(browser, live_server_url, EditorFactory())
    reviewer = editor_page(browser, live_server_url, EditorFactory())
    visitor = browser.new_context(base_url=live_server_url, locale="nl-NL").new_page()

    # 1. The author writes the page in Dutch in the Wagtail admin.
    author.goto(f"/admin/pages/add/info/consultationhourspage/{homes['nl'].pk}/")
    author.fill("#id_title", TITLE_NL)
    author.fill("#id_intro", "Elke eerste dinsdag van de maand, gratis en anoniem.")
    author.locator("#id_organisation-chooser .unchosen [data-chooser-action-choose]").click()
    author.get_by_role("link", name="GGD Hilversum", exact=True).click()
    author.select_option("#id_frequency", "monthly")
    author.select_option("#id_ordinal", "1")
    author.select_option("#id_weekday", "1")
    author.fill("#id_start_time", "13:00")
    author.fill("#id_end_time", "15:00")
    author.keyboard.press("Escape")
    author.fill("#id_address", "Voorbeeldstraat 1, Hilversum")
    submit_for_review(author)

    page = ConsultationHoursPage.objects.get(title=TITLE_NL)
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert visitor.goto(page.url or f"/nl/{page.slug}/").status == 404

    # 2. A second editor approves it, which publishes it.
    approve(reviewer, page.pk)
    page.refresh_from_db()
    assert page.live

    # 3. Visitors see it on the home page with its next three dates.
    visitor.goto("/nl/")
    card = visitor.locator(".consultation", has_text=TITLE_NL)
    dates = card.locator("time").evaluate_all("els => els.map(e => e.dateTime.slice(0, 10))")
    assert dates == expected_first_tuesdays(3)

    # 4. The author translates it into English; the reviewer approves the translation.
    author.goto(f"/admin/translation/submit/page/{page.pk}/")
    author.locator(f'input[name="locales"][value="{homes["en"].locale.pk}"]').check()
    with author.expect_navigation():
        author.locator("form button[type=submit], form input[type=submit]").last.click()
    english = page.get_translation(homes["en"].locale)
    assert re.search(rf"/admin/pages/{english.pk}/edit/", author.url)
    author.fill("#id_title", TITLE_EN)
    author.fill("#id_intro", "Every first Tuesday of the month, free and anonymous.")
    submit_for_review(author)
    approve(reviewer, english.pk)
    english.refresh_from_db()
    assert english.live

    visitor.goto("/en/")
    assert visitor.locator(".consultation", has_text=TITLE_EN).count() == 1

    # 5. A visitor finds it through the search box.
    visitor.goto("/en/")
    visitor.fill("#site-search", "consultation")
    visitor.press("#site-search", "Enter")
    result = visitor.locator(".search-results a", has_text=TITLE_EN)
    assert result.count() == 1
    result.click()
    assert visitor.locator("h1").inner_text() == TITLE_EN
