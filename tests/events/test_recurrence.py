"""The one recurrence implementation (community.recurrence) as meetups use it."""

from datetime import UTC, date, datetime, time, timedelta

from community import recurrence
from events.models import SessionStatus


def test_generated_sessions_keep_local_time_across_daylight_saving(monthly_series):
    sessions = list(monthly_series.sessions.order_by("starts_at"))
    assert [s.rule_date for s in sessions] == [
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
    ]
    local = [s.starts_at.astimezone(recurrence.AMSTERDAM) for s in sessions]
    assert {(t.hour, t.minute) for t in local} == {(19, 0)}
    # Winter is UTC+1, summer UTC+2: the same local time is a different UTC hour.
    assert sessions[0].starts_at.astimezone(recurrence.AMSTERDAM).utcoffset().seconds == 3600
    assert sessions[2].starts_at.astimezone(recurrence.AMSTERDAM).utcoffset().seconds == 7200
    assert all(s.status == SessionStatus.SCHEDULED for s in sessions)


def test_once_rule_gives_exactly_its_date():
    rule = recurrence.Rule(
        frequency=recurrence.Frequency.ONCE,
        weekday=0,
        start_time=time(19),
        end_time=time(21),
        valid_from=date(2027, 10, 31),
    )
    assert recurrence.rule_errors(rule) == {}
    assert recurrence.rule_dates_between(rule, date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 10, 31)
    ]
    assert "31" in recurrence.describe(rule)


def test_consultation_hours_cannot_choose_once():
    values = [value for value, _label in recurrence.REPEATING_FREQUENCY_CHOICES]
    assert recurrence.Frequency.ONCE not in values
    assert recurrence.Frequency.MONTHLY in values


def test_autumn_change_weekly_rule_keeps_wall_time():
    rule = recurrence.Rule(
        frequency=recurrence.Frequency.WEEKLY,
        weekday=recurrence.Weekday.SATURDAY,
        start_time=time(14),
        end_time=time(15),
        valid_from=date(2027, 10, 23),
    )
    now = datetime(2027, 10, 22, 12, tzinfo=UTC)
    starts = [o.start for o in recurrence.schedule(rule, [], now=now, count=3).occurrences]
    assert [s.date() for s in starts] == [date(2027, 10, 23), date(2027, 10, 30), date(2027, 11, 6)]
    assert {s.astimezone(recurrence.AMSTERDAM).time() for s in starts} == {time(14)}
    # Summer time ends on 31 October: the third is an hour later in UTC.
    assert starts[2].astimezone(UTC) - starts[1].astimezone(UTC) == timedelta(days=7, hours=1)
