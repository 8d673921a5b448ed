"""iCalendar (RFC 5545) for meetups: one session's .ics and a member's personal feed.

Discreet by default: a calendar on a shared phone or a synced work account must not say
what the appointment is. Unless the member turned discreet mode off, every event is
called "Afspraak"/"Appointment" and has no description. Never in any case: the video
link, the chat room, who else attends.

Each session keeps one UID for its whole life (a move changes its times, not its UID);
SEQUENCE is the session's change counter; a cancelled session stays in the feed with
STATUS:CANCELLED so calendars remove it. Times carry TZID=Europe/Amsterdam with its
VTIMEZONE, so clients keep the local time across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from community import recurrence
from events import selectors
from events.models import MeetupSession, RsvpStatus

PRODID = "-//Kring//Meetups//NL"


def is_discreet(member: Any) -> bool:
    """Discreet unless the member chose full titles (missing setting: discreet)."""
    return bool(getattr(member, "discreet_mode", True))


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    return cal


def _event(session: MeetupSession, *, discreet: bool, stamp: datetime, waiting: bool) -> Event:
    event = Event()
    event.add("uid", session.ical_uid)
    event.add("sequence", session.ical_sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(recurrence.AMSTERDAM))
    event.add("dtend", session.ends_at.astimezone(recurrence.AMSTERDAM))
    if session.is_cancelled:
        status = "CANCELLED"
    elif waiting:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    event.add("status", status)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    if discreet:
        event.add("summary", gettext("Appointment"))
    else:
        event.add("summary", session.series.title)
        if session.series.description:
            event.add("description", session.series.description)
    return event


def _render(cal: Calendar) -> bytes:
    cal.add_missing_timezones()
    return cal.to_ical()


def session_ics(*, session: MeetupSession, member: Any, now: datetime | None = None) -> bytes:
    """One session as an .ics download, for the member downloading it."""
    stamp = (now or timezone.now()).astimezone(UTC)
    rsvp = selectors.rsvp_for(member=member, session=session)
    waiting = rsvp is not None and rsvp.status == RsvpStatus.WAITLISTED
    cal = _calendar()
    cal.add_component(_event(session, discreet=is_discreet(member), stamp=stamp, waiting=waiting))
    return _render(cal)


def feed_ics(*, member: Any, now: datetime | None = None) -> bytes:
    """The member's personal feed: every session they are going to or waiting for."""
    stamp = (now or timezone.now()).astimezone(UTC)
    sessions = selectors.feed_sessions(member=member, now=now)
    statuses = selectors.rsvps_by_session(member=member, sessions=sessions)
    discreet = is_discreet(member)
    cal = _calendar()
    cal.add("x-wr-calname", gettext("Appointments") if discreet else gettext("Kring meetups"))
    for session in sessions:
        waiting = statuses.get(session.pk) == RsvpStatus.WAITLISTED
        cal.add_component(_event(session, discreet=discreet, stamp=stamp, waiting=waiting))
    return _render(cal)
