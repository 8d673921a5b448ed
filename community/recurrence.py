"""Recurrence for consultation hours and meetups: structured rules in, concrete dates out.

Kring has this one implementation; the information pages' consultation hours and the
events app's meetup series both build a `Rule`. Editors never type an RRULE. They
choose a frequency, a weekday, (for monthly rules) an ordinal such as "first" or
"last", start and end times and a validity period (a one-off meetup: frequency "once"
on its date); this module turns that into dates with python-dateutil's rrule. Dates
are computed as wall times in Europe/Amsterdam and only then given the zone, so "13:00"
stays 13:00 on both sides of a daylight-saving change.

Everything here is pure (no database), so the model's validation, the selectors and
the tests share one implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as _rrule
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# A rule without an end date is searched this far ahead for its next dates; a rule
# that yields nothing in five years is treated as having no dates.
SEARCH_HORIZON_DAYS = 5 * 366
# Upper bound on rule dates inspected while looking for the next occurrences, so a
# page full of cancellations can never loop for long.
MAX_DATES_INSPECTED = 400


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    MONTHLY = "monthly", _("Once a month")
    ONCE = "once", _("Once (a single date)")


# Consultation hours always repeat; a single date is for one-off meetups.
REPEATING_FREQUENCY_CHOICES = [
    (value, label) for value, label in Frequency.choices if value != Frequency.ONCE
]


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class ExceptionKind(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved to another date or time")
    CLOSED = "closed", _("Closed (holiday or closure period)")


class OccurrenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass(frozen=True)
class Rule:
    frequency: str
    weekday: int
    start_time: time
    end_time: time
    valid_from: date
    ordinal: int | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class RuleException:
    kind: str
    date: date
    end_date: date | None = None
    new_date: date | None = None
    new_start_time: time | None = None
    new_end_time: time | None = None
    note: str = ""


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime
    status: str = OccurrenceStatus.PLANNED
    note: str = ""
    original_date: date | None = None

    @property
    def takes_place(self) -> bool:
        return self.status != OccurrenceStatus.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.status == OccurrenceStatus.MOVED

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED


@dataclass
class Schedule:
    """What a reader needs: the next occurrences and the closures still to come."""

    occurrences: list[Occurrence] = field(default_factory=list)
    closures: list[RuleException] = field(default_factory=list)

    def taking_place(self, count: int | None = None) -> list[Occurrence]:
        items = [item for item in self.occurrences if item.takes_place]
        return items if count is None else items[:count]


def describe(rule: Rule) -> str:
    """A plain sentence such as "The first Tuesday of the month, 13:00-15:00"."""
    weekday = Weekday(rule.weekday).label
    hours = f"{_hhmm(rule.start_time)}\u2013{_hhmm(rule.end_time)}"
    if rule.frequency == Frequency.ONCE:
        return f"{_day(rule.valid_from)}, {hours}"
    if rule.frequency == Frequency.MONTHLY and rule.ordinal is not None:
        text = gettext("The %(ordinal)s %(weekday)s of the month") % {
            "ordinal": Ordinal(rule.ordinal).label,
            "weekday": weekday,
        }
    elif rule.frequency == Frequency.FORTNIGHTLY:
        text = gettext("Every other %(weekday)s") % {"weekday": weekday}
    else:
        text = gettext("Every %(weekday)s") % {"weekday": weekday}
    return f"{text}, {hours}"


def _hhmm(value: time) -> str:
    return formats.time_format(value, "H:i")


def _build(rule: Rule) -> _rrule.rrule:
    day = _rrule.weekday(rule.weekday)
    until = datetime.combine(rule.valid_until, time.max) if rule.valid_until else None
    dtstart = datetime.combine(rule.valid_from, rule.start_time)  # naive wall time
    if rule.frequency == Frequency.ONCE:
        return _rrule.rrule(_rrule.DAILY, dtstart=dtstart, count=1)
    if rule.frequency == Frequency.MONTHLY:
        return _rrule.rrule(
            _rrule.MONTHLY, dtstart=dtstart, until=until, byweekday=day(rule.ordinal or 1)
        )
    interval = 2 if rule.frequency == Frequency.FORTNIGHTLY else 1
    return _rrule.rrule(
        _rrule.WEEKLY, dtstart=dtstart, until=until, interval=interval, byweekday=day
    )


def rule_dates(rule: Rule, *, on_or_after: date) -> Iterator[date]:
    """The rule's dates from `on_or_after` on, in order (lazy; may be endless)."""
    start = datetime.combine(max(on_or_after, rule.valid_from), time.min)
    for value in _build(rule).xafter(start, inc=True):
        yield value.date()


def is_rule_date(rule: Rule, day: date) -> bool:
    return next(rule_dates(rule, on_or_after=day), None) == day


def rule_dates_between(rule: Rule, first: date, last: date) -> list[date]:
    found = []
    for day in rule_dates(rule, on_or_after=first):
        if day > last:
            break
        found.append(day)
    return found


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=AMSTERDAM)


def schedule(
    rule: Rule, exceptions: Iterable[RuleException], *, now: datetime, count: int
) -> Schedule:
    """The next `count` occurrences that take place, with cancellations in between.

    Cancelled dates and dates inside a closure stay in the list (marked cancelled) so
    readers see them; a moved date appears at its new date and time.
    """
    now = now.astimezone(AMSTERDAM)
    today = now.date()
    exceptions = list(exceptions)
    by_date = {e.date: e for e in exceptions if e.kind != ExceptionKind.CLOSED}
    closed = [e for e in exceptions if e.kind == ExceptionKind.CLOSED]
    found: list[Occurrence] = []
    # Moved dates can land before or after their neighbours, so look at a few more
    # rule dates than needed, then sort.
    wanted = count + sum(1 for e in exceptions if e.kind == ExceptionKind.MOVED)
    taking_place = 0
    # Start a little before today: a date moved from last week to next week counts.
    lookback = today - timedelta(days=31)
    for inspected, day in enumerate(rule_dates(rule, on_or_after=lookback)):
        if inspected >= MAX_DATES_INSPECTED or taking_place >= wanted:
            break
        if (day - today).days > SEARCH_HORIZON_DAYS:
            break
        occurrence = _occurrence_for(rule, day, by_date.get(day), closed)
        if occurrence.end <= now:
            continue
        found.append(occurrence)
        if occurrence.takes_place:
            taking_place += 1
    found.sort(key=lambda item: item.start)
    result: list[Occurrence] = []
    kept = 0
    for item in found:
        if kept >= count:
            break
        result.append(item)
        kept += item.takes_place
    upcoming_closures = [c for c in closed if (c.end_date or c.date) >= today]
    upcoming_closures.sort(key=lambda c: c.date)
    return Schedule(occurrences=result, closures=upcoming_closures)


def _occurrence_for(
    rule: Rule, day: date, exception: RuleException | None, closed: list[RuleException]
) -> Occurrence:
    start, end = _aware(day, rule.start_time), _aware(day, rule.end_time)
    for closure in closed:
        if closure.date <= day <= (closure.end_date or closure.date):
            return Occurrence(start, end, OccurrenceStatus.CANCELLED, closure.note, day)
    if exception is None:
        return Occurrence(start, end)
    if exception.kind == ExceptionKind.CANCELLED:
        return Occurrence(start, end, OccurrenceStatus.CANCELLED, exception.note, day)
    new_day = exception.new_date or day
    return Occurrence(
        _aware(new_day, exception.new_start_time or rule.start_time),
        _aware(new_day, exception.new_end_time or rule.end_time),
        OccurrenceStatus.MOVED,
        exception.note,
        day,
    )


# --- Validation: plain dicts of field name -> message, turned into ValidationErrors
# by the models' clean() methods.


def rule_errors(rule: Rule) -> dict[str, str]:
    errors: dict[str, str] = {}
    if rule.end_time <= rule.start_time:
        errors["end_time"] = gettext("The end time must be later than the start time.")
    if rule.frequency == Frequency.MONTHLY and rule.ordinal is None:
        errors["ordinal"] = gettext(
            "Choose which %(weekday)s of the month (for example: first, or last)."
        ) % {"weekday": Weekday(rule.weekday).label}
    if rule.valid_until and rule.valid_until < rule.valid_from:
        errors["valid_until"] = gettext("The end date must not be before the start date.")
    if errors:
        return errors
    last = rule.valid_until or rule.valid_from + timedelta(days=SEARCH_HORIZON_DAYS)
    if not rule_dates_between(rule, rule.valid_from, last):
        errors["valid_until"] = gettext(
            "This rule gives no dates between %(start)s and %(end)s. Check the weekday "
            "and the dates."
        ) % {"start": _day(rule.valid_from), "end": _day(last)}
    return errors


def exception_errors(rule: Rule | None, exception: RuleException) -> dict[str, str]:
    """Errors of one exception, checked against the page's rule (when that is valid)."""
    errors: dict[str, str] = {}
    kind = exception.kind
    if kind == ExceptionKind.CLOSED:
        if exception.end_date and exception.end_date < exception.date:
            errors["end_date"] = gettext("The last closed day must not be before the first.")
    elif exception.end_date:
        errors["end_date"] = gettext("Only a closure has a last day. Leave this empty.")
    if kind == ExceptionKind.MOVED:
        if not exception.new_date and not exception.new_start_time:
            errors["new_date"] = gettext("Give the new date, the new time, or both.")
        if (exception.new_start_time is None) != (exception.new_end_time is None):
            errors["new_end_time"] = gettext("Give both the new start and the new end time.")
        elif (
            exception.new_start_time
            and exception.new_end_time
            and exception.new_end_time <= exception.new_start_time
        ):
            errors["new_end_time"] = gettext("The end time must be later than the start time.")
    elif exception.new_date or exception.new_start_time or exception.new_end_time:
        errors["new_date"] = gettext("Only a moved date has a new date or time. Leave these empty.")
    if errors or rule is None or rule_errors(rule):
        return errors
    if kind == ExceptionKind.CLOSED:
        last = exception.end_date or exception.date
        if not rule_dates_between(rule, exception.date, last):
            errors["date"] = gettext(
                "No consultation hour falls between %(start)s and %(end)s, so there is "
                "nothing to close."
            ) % {"start": _day(exception.date), "end": _day(last)}
    elif not is_rule_date(rule, exception.date):
        following = next(rule_dates(rule, on_or_after=exception.date), None)
        message = gettext("%(day)s is not a date of this consultation hour.") % {
            "day": _day(exception.date)
        }
        if following:
            message += " " + gettext("The next date after it is %(day)s.") % {
                "day": _day(following)
            }
        errors["date"] = message
    return errors


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")
