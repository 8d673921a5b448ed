"""The meetups journey of issue 10 in Chromium against a live daphne server.

A support worker (second factor verified) creates a monthly series with one place per
session; a member signs up for the first session, which is full, and lands on the
waiting list; the member who had the place cancels and the waiting member gets it. The
session is then moved (through the events services, not by waiting) to start in five
minutes: the member enters the meetup room from the join page, with the video link
shown there; a member without a sign-up gets the "only for members who signed up"
message and no way into the room. axe-core finds nothing on the month view and the
join page; at 320 px nothing scrolls sideways.
"""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from events import services
from events.models import MeetupSeries, Rsvp, RsvpStatus
from tests.community.twofactor_helpers import totp_device_create
from tests.e2e.privacy_helpers import log_in_by_cookie
from tests.factories import SupportWorkerFactory, TrustedMemberFactory
from tests.helpers import verified

pytestmark = [pytest.mark.e2e, pytest.mark.services]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIDEO = "https://meet.example.org/kring-kring-4411"


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _off_loop(function, **kwargs):
    """Run a service in another thread: Playwright's event loop runs in this one, and
    the services broadcast through the channel layer after commit."""
    results, errors = [], []

    def run():
        try:
            results.append(function(**kwargs))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


def _log_in(page, user, base_url: str, **kwargs) -> None:
    page.context.clear_cookies()
    log_in_by_cookie(page, user, base_url=base_url, **kwargs)


@pytest.fixture
def page(browser, live_server_url, transactional_db):
    """Like conftest's page, but axe-core may be injected (bypass_csp; the site's CSP
    itself is tested elsewhere)."""
    context = browser.new_context(base_url=live_server_url, locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_series_waitlist_promotion_and_entering_the_meetup_room(page, live_server_url):
    worker = SupportWorkerFactory()
    device = totp_device_create(worker)
    roos = TrustedMemberFactory(username="roos")
    jade = TrustedMemberFactory(username="jade")
    outsider = TrustedMemberFactory(username="mila")

    # A support worker creates a monthly series.
    _log_in(page, worker, live_server_url, verified_device=device)
    page.goto("/meetups/manage/new/")
    today = timezone.localdate()
    page.fill("#id_title", "Maandelijkse kring")
    page.fill("#id_description", "Praten met **lotgenoten**.")
    page.check("#id_languages_0")
    page.fill("#id_house_rules", "Wat hier gezegd wordt, blijft hier.")
    page.fill("#id_capacity", "1")
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_weekday", "1")
    page.select_option("#id_ordinal", "2")
    page.fill("#id_start_time", "19:00")
    page.fill("#id_end_time", "20:30")
    page.fill("#id_valid_from", today.isoformat())
    page.fill("#id_video_url", VIDEO)
    page.click("[data-meetup-form] button[type=submit]")
    page.wait_for_url("**/meetups/series/*/")
    series = MeetupSeries.objects.get(title="Maandelijkse kring")
    session = series.sessions.order_by("starts_at").first()
    assert session is not None
    assert VIDEO not in page.content()

    # Jade has the only place; Roos signs up and lands on the waiting list.
    _off_loop(services.rsvp_create, member=jade, session=session, house_rules_version=1)
    _log_in(page, roos, live_server_url)
    page.goto(f"/meetups/session/{session.pk}/")
    page.click("[data-rsvp-submit]")
    # Without ticking the house rules: refused next to the checkbox.
    page.wait_for_selector("#id_accept_house_rules_error")
    assert page.get_attribute("#id_accept_house_rules", "aria-invalid") == "true"
    page.check("#id_accept_house_rules")
    page.click("[data-rsvp-submit]")
    page.wait_for_selector('[data-rsvp-state="waitlist"]')
    assert "jade" not in page.content()

    # Jade cancels: Roos gets the place.
    _off_loop(services.rsvp_cancel, member=jade, session=session)
    assert Rsvp.objects.get(member=roos, session=session).status == RsvpStatus.GOING
    page.reload()
    page.wait_for_selector('[data-rsvp-state="going"]')

    # Before the window the join page only says when it opens.
    page.goto(f"/meetups/session/{session.pk}/join/")
    page.wait_for_selector("[data-join-early]")
    assert VIDEO not in page.content()

    # The session moves to start in five minutes: the room is open for Roos.
    now = timezone.now()
    _off_loop(
        services.session_move,
        actor=verified(worker),
        session=session,
        starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(minutes=95),
    )
    page.goto("/meetups/month/")
    assert _axe(page) == []
    page.goto(f"/meetups/session/{session.pk}/join/")
    page.wait_for_selector("[data-join-open]")
    assert page.get_attribute("[data-join-video]", "href") == VIDEO
    assert _axe(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert _no_sideways_scroll(page)
    page.click("[data-join-room]")
    page.wait_for_url(f"**/chat/{session.room.slug}/")
    page.wait_for_selector("[data-chat]")

    # Mila did not sign up: no way in, no link, no room.
    _log_in(page, outsider, live_server_url)
    page.goto(f"/meetups/session/{session.pk}/join/")
    page.wait_for_selector("[data-join-refused]")
    assert VIDEO not in page.content()
    assert page.locator("[data-join-room]").count() == 0
    response = page.goto(f"/chat/{session.room.slug}/")
    assert response.status == 404
