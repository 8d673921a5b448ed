"""Meetup fixtures. Every test passes `now` explicitly (NOW: Monday 1 February 2027),
so generated sessions and the 10-minute cut-offs do not depend on the clock.

monthly_series   "second Tuesday of the month, 19:00-20:30", members only, capacity 2,
                 house rules (version 1); `member_host` facilitates. Its sessions on
                 9 February, 9 March and 13 April 2027 (across the March DST change).
"""

from datetime import UTC, date, datetime, time

import pytest

from community import recurrence
from events import services
from events.models import MeetupSession
from tests.factories import TrustedMemberFactory

NOW = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)


def fields(**overrides) -> services.SeriesFields:
    values = {
        "title": "Lotgenotenkring",
        "valid_from": date(2027, 1, 1),
        "description": "Een **maandelijkse** kring.",
        "languages": ("nl", "en"),
        "house_rules": "Wat hier gezegd wordt, blijft hier.",
        "capacity": 2,
        "frequency": recurrence.Frequency.MONTHLY,
        "weekday": recurrence.Weekday.TUESDAY,
        "ordinal": recurrence.Ordinal.SECOND,
        "start_time": time(19, 0),
        "end_time": time(20, 30),
        "video_url": "https://meet.example.org/kring-geheim",
    }
    values.update(overrides)
    return services.SeriesFields(**values)


@pytest.fixture
def member_host(db):
    return TrustedMemberFactory()


@pytest.fixture
def monthly_series(support_worker, member_host):
    return services.series_create(
        actor=support_worker, data=fields(), facilitators=[member_host], now=NOW
    )


@pytest.fixture
def first_session(monthly_series) -> MeetupSession:
    return monthly_series.sessions.order_by("starts_at").first()


def rsvp(member, session, *, now=NOW):
    return services.rsvp_create(
        member=member,
        session=session,
        house_rules_version=session.series.house_rules_version,
        now=now,
    )
