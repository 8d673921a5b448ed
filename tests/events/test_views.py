"""The meetup pages: who gets in (visitor, pending, member, silenced, host, unverified
staff), RSVP flows with their refusals, the join page's window and the video link's
visibility, the calendar feed, and fixed query counts on the lists."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community import recurrence
from community.moderation.models import ModerationState
from events import services
from events.models import MeetupSeries, MeetupSession, Rsvp, RsvpStatus, SeriesStatus, Visibility
from tests.community.twofactor_helpers import login_verified
from tests.factories import PendingUserFactory, SupportWorkerFactory, TrustedMemberFactory

VIDEO = "https://meet.example.org/kring-geheim-7731"
RULES = "Wat hier gezegd wordt, blijft hier."
NOW = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)


def _fields(**overrides) -> services.SeriesFields:
    values = {
        "title": "Lotgenotenkring",
        "valid_from": date(2027, 1, 1),
        "description": "Een **maandelijkse** kring.",
        "languages": ("nl", "en"),
        "house_rules": RULES,
        "capacity": 1,
        "frequency": recurrence.Frequency.MONTHLY,
        "weekday": recurrence.Weekday.TUESDAY,
        "ordinal": recurrence.Ordinal.SECOND,
        "start_time": time(19, 0),
        "end_time": time(20, 30),
        "video_url": VIDEO,
    }
    values.update(overrides)
    return services.SeriesFields(**values)


@pytest.fixture
def host(db):
    return TrustedMemberFactory()


@pytest.fixture
def series(support_worker, host) -> MeetupSeries:
    return services.series_create(
        actor=support_worker, data=_fields(), facilitators=[host], now=NOW
    )


@pytest.fixture
def session(series) -> MeetupSession:
    return series.sessions.order_by("starts_at").first()


def _rsvp(member, session):
    return services.rsvp_create(
        member=member, session=session, house_rules_version=session.series.house_rules_version
    )


def _starting_in(session: MeetupSession, minutes: int) -> MeetupSession:
    """Put the session `minutes` from now, as if the clock had moved on."""
    now = timezone.now()
    MeetupSession.objects.filter(pk=session.pk).update(
        starts_at=now + timedelta(minutes=minutes), ends_at=now + timedelta(minutes=minutes + 90)
    )
    session.refresh_from_db()
    return session


@pytest.fixture(autouse=True)
def _english(client):
    """The pages in English, so that assertions can quote the messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _login(client, user):
    client.force_login(user)
    return client


# --- Who gets in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_visitors_go_to_login_and_pending_accounts_to_the_waiting_page(client, session):
    for name, args in [
        ("events:index", []),
        ("events:month", []),
        ("events:past", []),
        ("events:session", [session.pk]),
        ("events:join", [session.pk]),
        ("events:calendar", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "login" in response["Location"], name
    client.force_login(PendingUserFactory())
    response = client.get(reverse("events:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")


@pytest.mark.django_db
def test_a_public_series_is_readable_by_visitors_but_joining_is_for_members(
    client, support_worker, session
):
    services.series_update(
        actor=support_worker,
        series=session.series,
        data=_fields(visibility=Visibility.PUBLIC),
        now=NOW,
    )
    response = client.get(reverse("events:session", args=[session.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lotgenotenkring" in body
    assert "data-rsvp-form" not in body
    assert "data-rsvp-refusal" in body
    assert VIDEO not in body
    assert "<title>Meetups · Kring</title>" in body


@pytest.mark.django_db
def test_member_pages_have_neutral_titles_and_never_the_video_link(
    client, member, other_member, session
):
    _rsvp(other_member, session)
    _rsvp(member, session)
    _login(client, member)
    pages = [
        reverse("events:index"),
        reverse("events:month") + "?month=2027-02",
        reverse("events:past"),
        reverse("events:series", args=[session.series_id]),
        reverse("events:session", args=[session.pk]),
        reverse("events:join", args=[session.pk]),
    ]
    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "<title>Meetups · Kring</title>" in body, url
        assert VIDEO not in body, url
        assert other_member.username not in body, url
    ics = client.get(reverse("events:session_ics", args=[session.pk]))
    assert ics.status_code == 200
    assert VIDEO.encode() not in ics.content


# --- RSVP --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rsvp_without_accepting_the_house_rules_is_refused_on_the_checkbox(client, member, session):
    _login(client, member)
    response = client.post(reverse("events:rsvp", args=[session.pk]), {})
    body = response.content.decode()
    assert response.status_code == 400
    assert "accept the house rules" in body.lower()
    assert 'aria-invalid="true"' in body
    assert "id_accept_house_rules_error" in body
    assert not Rsvp.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_full_session_puts_the_member_on_the_waitlist_and_a_cancellation_promotes_them(
    client, member, other_member, session
):
    url = reverse("events:rsvp", args=[session.pk])
    accept = {"accept_house_rules": "on", "house_rules_version": 1}
    _login(client, member).post(url, accept)
    client.force_login(other_member)
    response = client.post(url, accept, follow=True)
    body = response.content.decode()
    assert Rsvp.objects.get(member=other_member).status == RsvpStatus.WAITLISTED
    assert 'data-rsvp-state="waitlist"' in body
    assert "number 1" in body
    assert member.username not in body

    client.force_login(member)
    client.post(reverse("events:rsvp_cancel", args=[session.pk]))
    assert Rsvp.objects.get(member=member).status == RsvpStatus.CANCELLED
    assert Rsvp.objects.get(member=other_member).status == RsvpStatus.GOING


@pytest.mark.django_db
def test_rsvp_to_a_cancelled_session_says_why(client, member, support_worker, session):
    services.session_cancel(actor=support_worker, session=session)
    _login(client, member)
    page = client.get(reverse("events:session", args=[session.pk])).content.decode()
    assert "data-rsvp-refusal" in page
    assert "cancelled" in page.lower()
    response = client.post(
        reverse("events:rsvp", args=[session.pk]),
        {"accept_house_rules": "on", "house_rules_version": 1},
    )
    assert response.status_code == 400
    assert "This session is cancelled." in response.content.decode()
    assert not Rsvp.objects.filter(member=member, status=RsvpStatus.GOING).exists()


@pytest.mark.django_db
def test_changed_house_rules_are_asked_again(client, member, support_worker, session):
    _rsvp(member, session)
    services.series_update(
        actor=support_worker, series=session.series, data=_fields(house_rules="Nieuw."), now=NOW
    )
    _login(client, member)
    page = client.get(reverse("events:session", args=[session.pk])).content.decode()
    assert "data-rules-again" in page
    client.post(
        reverse("events:rsvp", args=[session.pk]),
        {"accept_house_rules": "on", "house_rules_version": 2},
    )
    page = client.get(reverse("events:session", args=[session.pk])).content.decode()
    assert "data-rules-again" not in page


@pytest.mark.django_db
def test_rsvp_to_all_sessions_of_a_series(client, member, series):
    _login(client, member)
    response = client.post(
        reverse("events:series_rsvp", args=[series.pk]),
        {"accept_house_rules": "on", "house_rules_version": 1},
    )
    assert response.status_code == 302
    upcoming = series.sessions.filter(ends_at__gt=timezone.now()).count()
    assert upcoming >= 2
    assert Rsvp.objects.filter(member=member).exclude(status=RsvpStatus.CANCELLED).count() == (
        upcoming
    )


@pytest.mark.django_db
def test_only_hosts_see_names_and_hosts_can_hide_the_count(
    client, member, other_member, host, support_worker, session
):
    _rsvp(member, session)
    url = reverse("events:session", args=[session.pk])
    page = _login(client, host).get(url).content.decode()
    assert "data-attendees" in page
    assert member.username in page
    client.force_login(other_member)
    page = client.get(url).content.decode()
    assert "data-attendees" not in page
    assert member.username not in page
    assert "data-count" in page
    services.series_update(
        actor=support_worker,
        series=session.series,
        data=_fields(hide_attendee_count=True),
        now=NOW,
    )
    page = client.get(url).content.decode()
    assert "data-count" not in page


# --- The join page -----------------------------------------------------------------------


@pytest.mark.django_db
def test_join_page_opens_ten_minutes_before_for_members_who_signed_up(
    client, member, other_member, host, session
):
    _rsvp(member, session)
    url = reverse("events:join", args=[session.pk])
    _starting_in(session, 30)
    page = _login(client, member).get(url).content.decode()
    assert "data-join-early" in page
    assert VIDEO not in page
    assert session.room.slug not in page

    _starting_in(session, 5)
    page = client.get(url).content.decode()
    assert "data-join-open" in page
    assert VIDEO in page
    assert reverse("chat:room", args=[session.room.slug]) in page
    # The link is on the join page only: not on the session page or in the list.
    for other_url in (reverse("events:session", args=[session.pk]), reverse("events:index")):
        assert VIDEO not in client.get(other_url).content.decode()

    client.force_login(other_member)
    page = client.get(url).content.decode()
    assert "data-join-refused" in page
    assert VIDEO not in page
    assert session.room.slug not in page

    client.force_login(host)
    page = client.get(url).content.decode()
    assert "data-join-open" in page
    assert VIDEO in page


@pytest.mark.django_db
def test_join_page_after_the_end(client, member, session):
    _rsvp(member, session)
    MeetupSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    page = _login(client, member).get(reverse("events:join", args=[session.pk])).content.decode()
    assert "data-join-ended" in page
    assert VIDEO not in page


# --- Creating, proposing, managing -------------------------------------------------------


def _series_post(**overrides) -> dict:
    data = {
        "title": "Geld en papieren",
        "description": "Met het Sociaal Plein.",
        "languages": ["nl"],
        "topic": "money",
        "accessibility_notes": "",
        "house_rules": "",
        "capacity": "10",
        "visibility": "members",
        "frequency": "monthly",
        "weekday": "1",
        "ordinal": "2",
        "start_time": "19:00",
        "end_time": "20:30",
        "valid_from": "2027-01-01",
        "valid_until": "",
        "video_url": "",
        "facilitators": "",
        "guests": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_creating_meetups_needs_a_verified_staff_session(client, member, db):
    url = reverse("events:series_create")
    assert _login(client, member).get(url).status_code == 403
    worker = SupportWorkerFactory()
    client.force_login(worker)
    response = client.get(url)
    assert response.status_code == 302
    assert "2fa" in response["Location"]


@pytest.mark.django_db
def test_series_form_errors_sit_on_their_field_and_keep_the_input(client, support_worker):
    login_verified(client, support_worker)
    url = reverse("events:series_create")
    response = client.post(url, _series_post(end_time="18:00", facilitators="niemand-hier"))
    body = response.content.decode()
    assert response.status_code == 200
    assert not MeetupSeries.objects.exists()
    assert 'value="Geld en papieren"' in body
    assert "id_facilitators_error" in body
    response = client.post(url, _series_post(end_time="18:00"))
    body = response.content.decode()
    assert "id_end_time_error" in body
    assert "later than the start" in body
    response = client.post(url, _series_post())
    created = MeetupSeries.objects.get()
    assert response.status_code == 302
    assert created.sessions.exists()


@pytest.mark.django_db
def test_members_propose_and_silenced_members_are_told_why_not(client, member, new_member):
    _login(client, member)
    data = _series_post()
    response = client.post(reverse("events:propose"), data)
    assert response.status_code == 302
    proposal = MeetupSeries.objects.get()
    assert proposal.status == SeriesStatus.PROPOSED
    assert proposal.moderation_state == ModerationState.HELD

    silenced = TrustedMemberFactory(silenced_until=timezone.now() + timedelta(days=1))
    client.force_login(silenced)
    response = client.get(reverse("events:propose"))
    assert response.status_code == 403
    assert "silenced" in response.content.decode()


@pytest.mark.django_db
def test_staff_cancel_and_move_sessions_facilitators_confirm(
    client, host, member, support_worker, session
):
    url = reverse("events:session_manage", args=[session.pk])
    assert _login(client, member).get(url).status_code == 403
    client.force_login(host)
    page = client.get(url).content.decode()
    assert "data-move-form" not in page
    client.post(url, {"action": "confirm"})
    session.refresh_from_db()
    assert session.confirmed_by == host

    login_verified(client, support_worker)
    response = client.post(
        url,
        {
            "action": "move",
            "move-starts_at": "2027-02-10T19:00",
            "move-ends_at": "2027-02-10T18:00",
        },
    )
    assert response.status_code == 400
    assert "id_move-ends_at_error" in response.content.decode()
    client.post(
        url,
        {
            "action": "move",
            "move-starts_at": "2027-02-10T19:00",
            "move-ends_at": "2027-02-10T20:00",
        },
    )
    session.refresh_from_db()
    assert session.is_moved
    assert session.original_starts_at is not None
    client.post(url, {"action": "cancel", "cancel-reason": ""})
    session.refresh_from_db()
    assert session.is_cancelled


# --- Calendar feed -----------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_address_is_shown_once_works_and_can_be_revoked(client, member, session):
    _rsvp(member, session)
    _login(client, member)
    page = client.post(reverse("events:calendar"), {"action": "create"}).content.decode()
    start = page.index("data-feed-url")
    feed_path = page[page.index("/meetups/calendar/", start - 400) :].split('"')[0]
    assert feed_path.endswith(".ics")
    assert "data-feed-url" not in client.get(reverse("events:calendar")).content.decode()
    client.logout()
    feed = client.get(feed_path)
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content
    assert VIDEO.encode() not in feed.content
    assert b"Lotgenotenkring" not in feed.content
    client.force_login(member)
    client.post(reverse("events:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(feed_path).status_code == 404
    assert client.get(reverse("events:feed", args=["wrong"])).status_code == 404


# --- Query counts ------------------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["events:index", "events:month", "events:past"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, member, support_worker, django_assert_max_num_queries, name
):
    url = reverse(name) + ("?month=2027-03" if name == "events:month" else "")
    _login(client, member)

    def load() -> int:
        response = client.get(url)
        assert response.status_code == 200
        return response

    for number in range(2):
        services.series_create(
            actor=support_worker,
            data=_fields(
                title=f"Kring {number}", frequency=recurrence.Frequency.WEEKLY, ordinal=None
            ),
            now=NOW,
        )
    if name == "events:past":
        MeetupSession.objects.update(
            starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
        )
    load()
    with django_assert_max_num_queries(8):
        first = load()
    for number in range(2, 6):
        services.series_create(
            actor=support_worker,
            data=_fields(
                title=f"Kring {number}", frequency=recurrence.Frequency.WEEKLY, ordinal=None
            ),
            now=NOW,
        )
    if name == "events:past":
        MeetupSession.objects.update(
            starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
        )
    with django_assert_max_num_queries(8):
        second = load()
    assert second.content.count(b"data-session=") > first.content.count(b"data-session=")


@pytest.mark.django_db
def test_filters_by_language_and_topic(client, member, support_worker, series):
    services.series_create(
        actor=support_worker,
        data=_fields(title="English money evening", languages=("en",), topic="money"),
        now=NOW,
    )
    _login(client, member)
    page = client.get(reverse("events:index") + "?language=nl").content.decode()
    assert "Lotgenotenkring" in page
    assert "English money evening" not in page
    page = client.get(reverse("events:index") + "?topic=money").content.decode()
    assert "Lotgenotenkring" not in page
    assert "English money evening" in page


@pytest.mark.django_db
def test_staff_edit_a_series_with_its_hosts(client, support_worker, host, series):
    login_verified(client, support_worker)
    url = reverse("events:series_edit", args=[series.pk])
    page = client.get(url).content.decode()
    assert 'value="Lotgenotenkring"' in page
    assert host.username in page
    response = client.post(
        url,
        _series_post(
            title="Lotgenotenkring (nieuw)",
            house_rules=RULES,
            facilitators=host.username,
            video_url=VIDEO,
            capacity="1",
        ),
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Lotgenotenkring (nieuw)"
    assert list(series.hosts.values_list("member_id", flat=True)) == [host.pk]
    member_page = client.get(reverse("events:index")).content.decode()
    assert 'href="/meetups/"' in member_page
