import datetime as dt

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from community import recurrence
from community.recurrence import (
    AMSTERDAM,
    ExceptionKind,
    Frequency,
    Rule,
    RuleException,
    Weekday,
)


def first_tuesday(**changes) -> Rule:
    values = {
        "frequency": Frequency.MONTHLY,
        "ordinal": 1,
        "weekday": Weekday.TUESDAY,
        "start_time": dt.time(13, 0),
        "end_time": dt.time(15, 0),
        "valid_from": dt.date(2026, 1, 1),
    }
    values.update(changes)
    return Rule(**values)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def starts(schedule) -> list[dt.datetime]:
    return [item.start for item in schedule.occurrences]


def test_monthly_rule_gives_the_first_tuesday_of_each_month():
    schedule = recurrence.schedule(first_tuesday(), [], now=at(2026, 1, 15, 9), count=3)

    assert starts(schedule) == [at(2026, 2, 3, 13), at(2026, 3, 3, 13), at(2026, 4, 7, 13)]


def test_times_stay_at_local_wall_time_across_daylight_saving_changes():
    # Summer time starts on 29 March 2026 and ends on 25 October 2026.
    rule = first_tuesday(frequency=Frequency.WEEKLY, ordinal=None)
    schedule = recurrence.schedule(rule, [], now=at(2026, 3, 20, 9), count=2)
    autumn = recurrence.schedule(rule, [], now=at(2026, 10, 19, 9), count=2)

    assert [s.hour for s in starts(schedule)] == [13, 13]
    assert [s.utcoffset() for s in starts(schedule)] == [
        dt.timedelta(hours=1),
        dt.timedelta(hours=2),
    ]
    assert [s.astimezone(dt.UTC).hour for s in starts(schedule)] == [12, 11]
    assert [s.astimezone(dt.UTC).hour for s in starts(autumn)] == [11, 12]


def test_last_friday_of_the_month():
    rule = first_tuesday(ordinal=-1, weekday=Weekday.FRIDAY)
    schedule = recurrence.schedule(rule, [], now=at(2026, 2, 1, 9), count=2)

    assert [s.date() for s in starts(schedule)] == [dt.date(2026, 2, 27), dt.date(2026, 3, 27)]


def test_fortnightly_rule_keeps_its_rhythm_from_the_first_date():
    rule = first_tuesday(
        frequency=Frequency.FORTNIGHTLY,
        ordinal=None,
        weekday=Weekday.WEDNESDAY,
        valid_from=dt.date(2026, 1, 7),
    )
    schedule = recurrence.schedule(rule, [], now=at(2026, 1, 15, 9), count=2)

    assert [s.date() for s in starts(schedule)] == [dt.date(2026, 1, 21), dt.date(2026, 2, 4)]


def test_an_ongoing_session_is_still_listed_until_it_ends():
    schedule = recurrence.schedule(first_tuesday(), [], now=at(2026, 2, 3, 14), count=1)

    assert starts(schedule) == [at(2026, 2, 3, 13)]


def test_cancelled_date_is_shown_as_cancelled_and_does_not_count():
    cancelled = RuleException(kind=ExceptionKind.CANCELLED, date=dt.date(2026, 3, 3), note="Ziek")
    schedule = recurrence.schedule(first_tuesday(), [cancelled], now=at(2026, 2, 10, 9), count=2)

    assert [(o.start.date(), o.status) for o in schedule.occurrences] == [
        (dt.date(2026, 3, 3), "cancelled"),
        (dt.date(2026, 4, 7), "planned"),
        (dt.date(2026, 5, 5), "planned"),
    ]
    assert schedule.occurrences[0].note == "Ziek"


def test_moved_date_appears_at_its_new_date_and_time():
    moved = RuleException(
        kind=ExceptionKind.MOVED,
        date=dt.date(2026, 3, 3),
        new_date=dt.date(2026, 3, 5),
        new_start_time=dt.time(10, 0),
        new_end_time=dt.time(12, 0),
    )
    schedule = recurrence.schedule(first_tuesday(), [moved], now=at(2026, 2, 10, 9), count=2)

    first = schedule.occurrences[0]
    assert (first.start, first.end, first.status) == (
        at(2026, 3, 5, 10),
        at(2026, 3, 5, 12),
        "moved",
    )
    assert first.original_date == dt.date(2026, 3, 3)


def test_holiday_closure_cancels_the_dates_inside_it_and_is_listed():
    closure = RuleException(
        kind=ExceptionKind.CLOSED, date=dt.date(2026, 12, 20), end_date=dt.date(2027, 1, 10)
    )
    schedule = recurrence.schedule(first_tuesday(), [closure], now=at(2026, 12, 10, 9), count=1)

    assert [(o.start.date(), o.status) for o in schedule.occurrences] == [
        (dt.date(2027, 1, 5), "cancelled"),
        (dt.date(2027, 2, 2), "planned"),
    ]
    assert schedule.closures == [closure]


def test_rule_that_has_ended_has_no_upcoming_dates():
    rule = first_tuesday(valid_until=dt.date(2026, 6, 30))
    schedule = recurrence.schedule(rule, [], now=at(2026, 7, 1, 9), count=3)

    assert schedule.occurrences == []


def test_end_time_before_start_time_is_an_error():
    errors = recurrence.rule_errors(first_tuesday(start_time=dt.time(15), end_time=dt.time(13)))

    assert set(errors) == {"end_time"}


def test_monthly_rule_without_ordinal_is_an_error():
    assert set(recurrence.rule_errors(first_tuesday(ordinal=None))) == {"ordinal"}


def test_rule_whose_period_contains_no_matching_day_is_an_error():
    # 1-3 June 2026 is Monday to Wednesday: no Friday in it.
    rule = first_tuesday(
        frequency=Frequency.WEEKLY,
        weekday=Weekday.FRIDAY,
        valid_from=dt.date(2026, 6, 1),
        valid_until=dt.date(2026, 6, 3),
    )

    with translation.override("nl"):
        assert "geen data" in recurrence.rule_errors(rule)["valid_until"]


def test_last_date_before_first_date_is_an_error():
    rule = first_tuesday(valid_until=dt.date(2025, 1, 1))

    assert set(recurrence.rule_errors(rule)) == {"valid_until"}


def test_exception_on_a_day_that_is_not_a_rule_date_is_an_error():
    wrong = RuleException(kind=ExceptionKind.CANCELLED, date=dt.date(2026, 3, 4))

    with translation.override("nl"):
        errors = recurrence.exception_errors(first_tuesday(), wrong)

    assert set(errors) == {"date"}
    # The message names the wrong day and the next real one (Dutch is the default language).
    assert "4 maart 2026" in errors["date"]
    assert "7 april 2026" in errors["date"]


def test_closure_without_any_rule_date_inside_is_an_error():
    closure = RuleException(
        kind=ExceptionKind.CLOSED, date=dt.date(2026, 3, 10), end_date=dt.date(2026, 3, 20)
    )

    assert set(recurrence.exception_errors(first_tuesday(), closure)) == {"date"}


def test_moved_exception_needs_a_new_date_or_time_and_a_sane_end():
    empty = RuleException(kind=ExceptionKind.MOVED, date=dt.date(2026, 3, 3))
    backwards = RuleException(
        kind=ExceptionKind.MOVED,
        date=dt.date(2026, 3, 3),
        new_start_time=dt.time(12),
        new_end_time=dt.time(11),
    )

    assert set(recurrence.exception_errors(first_tuesday(), empty)) == {"new_date"}
    assert set(recurrence.exception_errors(first_tuesday(), backwards)) == {"new_end_time"}


def test_valid_exception_has_no_errors():
    ok = RuleException(kind=ExceptionKind.CANCELLED, date=dt.date(2026, 3, 3))

    assert recurrence.exception_errors(first_tuesday(), ok) == {}


@settings(max_examples=60, deadline=None)
@given(
    frequency=st.sampled_from([f for f in Frequency if f != Frequency.ONCE]),
    weekday=st.sampled_from(list(Weekday)),
    ordinal=st.sampled_from([1, 2, 3, 4, -1]),
    start_hour=st.integers(min_value=0, max_value=22),
    now=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001 - naive by hypothesis design
        max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
    ),
)
def test_every_occurrence_is_on_the_weekday_at_the_local_start_time_and_in_the_future(
    frequency, weekday, ordinal, start_hour, now
):
    rule = first_tuesday(
        frequency=frequency,
        weekday=weekday,
        ordinal=ordinal,
        start_time=dt.time(start_hour, 30),
        end_time=dt.time(start_hour + 1, 30),
        valid_from=dt.date(2024, 1, 1),
    )
    aware_now = now.replace(tzinfo=AMSTERDAM)

    schedule = recurrence.schedule(rule, [], now=aware_now, count=4)

    assert len(schedule.occurrences) == 4
    for item in schedule.occurrences:
        local = item.start.astimezone(AMSTERDAM)
        assert local.weekday() == weekday
        assert (local.hour, local.minute) == (start_hour, 30) or local.fold
        assert item.end > aware_now
    assert starts(schedule) == sorted(starts(schedule))
