"""iCal output parsed by a real parser (icalendar) and expanded as a client would
(recurring-ical-events)."""

from datetime import date, time, timedelta

import recurring_ical_events
from django.utils import translation
from icalendar import Calendar

from community import recurrence
from events import ical, selectors, services
from tests.events.conftest import NOW, rsvp


def _events(data: bytes):
    cal = Calendar.from_ical(data)
    return cal, list(cal.walk("VEVENT"))


def test_feed_is_discreet_by_default_and_never_has_links_or_attendees(
    monthly_series, member, other_member
):
    for session in monthly_series.sessions.all():
        rsvp(member, session)
        rsvp(other_member, session)
    data = ical.feed_ics(member=member, now=NOW)
    cal, events = _events(data)
    assert len(events) == 3
    text = data.decode()
    assert monthly_series.title not in text
    assert "meet.example.org" not in text
    assert other_member.username not in text
    assert "/chat/" not in text
    for event in events:
        assert str(event["SUMMARY"]) in {"Appointment", "Afspraak"}
        assert "DESCRIPTION" not in event
        assert "ATTENDEE" not in event
        assert event["DTSTAMP"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_full_titles_when_discreet_mode_is_off(monthly_series, first_session, member):
    member.discreet_mode = False
    rsvp(member, first_session)
    _cal, events = _events(ical.session_ics(session=first_session, member=member, now=NOW))
    assert str(events[0]["SUMMARY"]) == monthly_series.title
    assert "maandelijkse" in str(events[0]["DESCRIPTION"])
    assert "meet.example.org" not in ical.feed_ics(member=member, now=NOW).decode()


def test_uid_stable_sequence_grows_cancelled_status(monthly_series, support_worker, member):
    first, second, _third = monthly_series.sessions.order_by("starts_at")
    rsvp(member, first)
    rsvp(member, second)
    before = {str(e["UID"]): e for e in _events(ical.feed_ics(member=member, now=NOW))[1]}
    services.session_cancel(actor=support_worker, session=first, now=NOW)
    moved_to = second.starts_at + timedelta(days=2)
    services.session_move(
        actor=support_worker,
        session=second,
        starts_at=moved_to,
        ends_at=moved_to + timedelta(hours=1),
        now=NOW,
    )
    after = {str(e["UID"]): e for e in _events(ical.feed_ics(member=member, now=NOW))[1]}
    assert set(after) == set(before)
    first_event, second_event = after[first.ical_uid], after[second.ical_uid]
    assert str(first_event["STATUS"]) == "CANCELLED"
    assert int(first_event["SEQUENCE"]) > int(before[first.ical_uid]["SEQUENCE"])
    assert int(second_event["SEQUENCE"]) > int(before[second.ical_uid]["SEQUENCE"])
    assert second_event.decoded("DTSTART") == moved_to


def test_local_start_time_stays_the_same_across_both_dst_changes(support_worker, member):
    series = services.series_create(
        actor=support_worker,
        data=services.SeriesFields(
            title="Avond",
            valid_from=date(2027, 1, 1),
            frequency=recurrence.Frequency.MONTHLY,
            weekday=recurrence.Weekday.TUESDAY,
            ordinal=recurrence.Ordinal.SECOND,
            start_time=time(19),
            end_time=time(20, 30),
        ),
        now=NOW,
    )
    autumn_now = NOW.replace(year=2027, month=9, day=1)
    services.sessions_generate(series=series, now=autumn_now)
    for session in series.sessions.all():
        rsvp(member, session, now=min(NOW, session.starts_at - timedelta(days=1)))
    data = ical.feed_ics(member=member, now=NOW)
    cal = Calendar.from_ical(data)
    expanded = recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2028, 1, 1))
    starts = sorted(event.decoded("DTSTART") for event in expanded)
    # February, March (winter) ... April (summer) ... November (winter again).
    months = [start.month for start in starts]
    assert 3 in months
    assert 4 in months
    assert 11 in months
    local = {start.astimezone(recurrence.AMSTERDAM).time() for start in starts}
    assert local == {time(19, 0)}
    offsets = {start.astimezone(recurrence.AMSTERDAM).utcoffset() for start in starts}
    assert len(offsets) == 2


def test_feed_token_wrong_or_revoked_finds_nobody(member):
    token = services.calendar_feed_create(member=member)
    assert selectors.feed_member(token=token) == member
    assert selectors.feed_member(token=token + "x") is None
    assert selectors.feed_member(token="") is None
    assert token not in str(member.meetup_calendar_feed.token_hash)
    services.calendar_feed_revoke(member=member)
    assert selectors.feed_member(token=token) is None


def test_discreet_title_in_dutch(first_session, member):
    with translation.override("nl"):
        _cal, events = _events(ical.session_ics(session=first_session, member=member, now=NOW))
    assert str(events[0]["SUMMARY"]) == "Afspraak"
