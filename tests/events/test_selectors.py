"""Lists: who sees which sessions, filters, and constant query counts."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from community.moderation.models import ModerationState
from events import selectors, services
from events.models import Topic, Visibility
from tests.events.conftest import NOW, fields, rsvp
from tests.factories import SupportWorkerFactory, TrustedMemberFactory


def _series(count: int, prefix: str = "Reeks", **overrides) -> None:
    actor = SupportWorkerFactory()
    for number in range(count):
        services.series_create(
            actor=actor, data=fields(title=f"{prefix} {number}", **overrides), now=NOW
        )


def _read_upcoming(viewer) -> list:
    sessions = selectors.sessions_upcoming(viewer=viewer, now=NOW)
    for session in sessions:
        selectors.session_attendance(viewer=viewer, session=session)
    return sessions


def _read_month(viewer) -> list:
    sessions = selectors.sessions_month(viewer=viewer, year=2027, month=3)
    for session in sessions:
        selectors.session_attendance(viewer=viewer, session=session)
    return sessions


@pytest.mark.services
def test_upcoming_and_month_lists_run_constant_queries(member, django_assert_max_num_queries):
    _series(1)
    rsvp(TrustedMemberFactory(), selectors.sessions_upcoming(viewer=member, now=NOW)[0])
    with django_assert_max_num_queries(10) as small:
        assert len(_read_upcoming(member)) == 3
    with django_assert_max_num_queries(10) as small_month:
        assert len(_read_month(member)) == 1
    _series(4)
    for session in selectors.sessions_upcoming(viewer=member, now=NOW)[:6]:
        rsvp(TrustedMemberFactory(), session)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_read_upcoming(member)) == 15
    with django_assert_max_num_queries(len(small_month.captured_queries)):
        month = _read_month(member)
    assert {s.starts_at.month for s in month} == {3}
    assert len(month) == 5


def test_visitors_see_only_publicly_listed_and_members_everything_active(member, db):
    _series(1)
    _series(1, "Open", visibility=Visibility.PUBLIC, topic=Topic.HEALTH, languages=("en",))
    visitor = AnonymousUser()
    titles = {s.series.title for s in selectors.sessions_upcoming(viewer=visitor, now=NOW)}
    assert titles == {"Open 0"}
    assert {s.series.title for s in selectors.sessions_public_upcoming(now=NOW)} == {"Open 0"}
    assert len(selectors.sessions_upcoming(viewer=visitor, now=NOW)) == 3
    assert len(selectors.sessions_upcoming(viewer=member, now=NOW)) == 6
    assert len(selectors.sessions_upcoming(viewer=member, now=NOW, topic=Topic.HEALTH)) == 3
    assert len(selectors.sessions_upcoming(viewer=member, now=NOW, language="nl")) == 3


def test_held_proposal_is_invisible_to_other_members(member, other_member):
    series = services.series_propose(actor=member, data=fields(), now=NOW)
    assert series.moderation_state == ModerationState.HELD
    assert selectors.series_for_viewer(viewer=other_member, pk=series.pk) is None
    assert selectors.series_for_viewer(viewer=member, pk=series.pk) == series


def test_archive_lists_past_sessions(monthly_series, member):
    past = selectors.sessions_past(viewer=member, now=NOW.replace(month=5))
    assert [s.rule_date for s in past] == [date(2027, 4, 13), date(2027, 3, 9), date(2027, 2, 9)]
    assert not hasattr(past[0], "going_count")


def test_month_grid_starts_on_monday():
    grid = selectors.month_grid(year=2027, month=2)
    assert grid[0][0] == date(2027, 2, 1)
    assert all(len(week) == 7 for week in grid)
