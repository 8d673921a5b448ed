"""Writes for meetups: series, sessions, RSVPs, calendar feeds, reminders, purging.

Refusals of bad input raise django's ValidationError (a message per field where there
is one, `code` set); refusals of the actor raise PermissionDenied. RSVP changes lock the
session row (select_for_update), so concurrent requests never book more places than
there are and a cancellation promotes exactly one waiting member.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from chat.models import Room, RoomKind
from chat.services import room_participants_set
from community import recurrence
from community.audit.services import audit_record
from community.models import User
from community.moderation.models import ModerationState
from community.moderation.services import content_hold, text_check
from community.notifications.services import notification_create
from community.text import render_markdown
from events import policies
from events.models import (
    LANGUAGE_CHOICES,
    CalendarFeed,
    HostKind,
    MeetupPreference,
    MeetupSeries,
    MeetupSession,
    ReminderKind,
    ReminderSent,
    Rsvp,
    RsvpStatus,
    SeriesHost,
    SeriesStatus,
    SeriesSubscription,
    SessionStatus,
    Topic,
    Visibility,
)


def generate_days() -> int:
    """How far ahead sessions are stored."""
    return getattr(settings, "KRING_MEETUP_GENERATE_DAYS", 90)


def room_purge_hours() -> int:
    """Meetup chat messages are deleted this long after the room closes."""
    return getattr(settings, "KRING_MEETUP_ROOM_PURGE_HOURS", 24)


def attendance_purge_days() -> int:
    """RSVP rows are deleted this long after the session ended."""
    return getattr(settings, "KRING_MEETUP_ATTENDANCE_PURGE_DAYS", 30)


REMINDERS = ((ReminderKind.DAY, timedelta(hours=24)), (ReminderKind.SOON, timedelta(minutes=30)))
_LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}


@dataclass(frozen=True)
class SeriesFields:
    """Everything a series form edits (forms: `SeriesFields.from_mapping(cleaned_data)`)."""

    title: str
    valid_from: date
    description: str = ""
    languages: tuple[str, ...] = ("nl",)
    topic: str = Topic.PEER
    accessibility_notes: str = ""
    house_rules: str = ""
    capacity: int = 12
    visibility: str = Visibility.MEMBERS
    hide_attendee_count: bool = False
    frequency: str = recurrence.Frequency.MONTHLY
    weekday: int = recurrence.Weekday.TUESDAY
    ordinal: int | None = None
    start_time: time = time(19, 0)
    end_time: time = time(20, 30)
    valid_until: date | None = None
    video_url: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SeriesFields:
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        if isinstance(values.get("languages"), str):
            values["languages"] = tuple(c for c in values["languages"].split(",") if c)
        elif "languages" in values:
            values["languages"] = tuple(values["languages"])
        if values.get("ordinal") in ("", None):
            values["ordinal"] = None
        else:
            values["ordinal"] = int(values["ordinal"])
        if "weekday" in values:
            values["weekday"] = int(values["weekday"])
        return cls(**values)

    @classmethod
    def from_series(cls, series: MeetupSeries) -> SeriesFields:
        values = {f.name: getattr(series, f.name) for f in fields(cls) if f.name != "languages"}
        return cls(languages=tuple(series.language_list), **values)

    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            frequency=self.frequency,
            weekday=self.weekday,
            start_time=self.start_time,
            end_time=self.end_time,
            valid_from=self.valid_from,
            ordinal=self.ordinal if self.frequency == recurrence.Frequency.MONTHLY else None,
            valid_until=self.valid_until,
        )


# --- Validation -------------------------------------------------------------------


def _going_count(session: MeetupSession) -> int:
    return Rsvp.objects.filter(session=session, status=RsvpStatus.GOING).count()


def series_errors(
    data: SeriesFields, *, series: MeetupSeries | None = None, now: datetime | None = None
) -> dict[str, list[str]]:
    """Field -> messages for a series' fields (empty when valid). Forms may show them."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        add("title", gettext("Give the meetup a title."))
    if not data.languages:
        add("languages", gettext("Choose at least one language."))
    elif set(data.languages) - _LANGUAGE_CODES:
        add("languages", gettext("Choose languages from the list."))
    if data.topic not in Topic.values:
        add("topic", gettext("Choose a topic from the list."))
    if data.visibility not in Visibility.values:
        add("visibility", gettext("Choose who can see this meetup."))
    if data.frequency not in recurrence.Frequency.values:
        add("frequency", gettext("Choose how often the meetup repeats."))
    if data.capacity < 1:
        add("capacity", gettext("A meetup needs at least one place."))
    if data.video_url:
        try:
            URLValidator(schemes=["https"])(data.video_url)
        except ValidationError:
            add("video_url", gettext("The video link must be a full https:// address."))
    if "frequency" not in errors:
        for name, message in recurrence.rule_errors(data.rule()).items():
            add(name, message)
        if not errors.get("end_time") and not errors.get("valid_until"):
            today = now.astimezone(recurrence.AMSTERDAM).date()
            upcoming = next(recurrence.rule_dates(data.rule(), on_or_after=today), None)
            ends_ok = upcoming is not None and (
                data.valid_until is None or upcoming <= data.valid_until
            )
            if not ends_ok:
                add(
                    "valid_until",
                    gettext("This rule gives no dates from today on. Check the dates."),
                )
    if series is not None and data.capacity >= 1:
        taken = (
            MeetupSession.objects.filter(series=series, capacity__isnull=True, ends_at__gt=now)
            .exclude(status=SessionStatus.CANCELLED)
            .annotate(going=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
            .order_by("-going")
            .values_list("going", flat=True)
            .first()
        )
        if taken and taken > data.capacity:
            add(
                "capacity",
                gettext(
                    "%(count)d members already have a place in an upcoming session; the "
                    "capacity cannot be lower than that."
                )
                % {"count": taken},
            )
    return errors


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Series -----------------------------------------------------------------------


def _apply(series: MeetupSeries, data: SeriesFields) -> bool:
    """Copy the fields onto the series; True when the house rules changed."""
    rules_changed = series.pk is not None and series.house_rules != data.house_rules
    for f in fields(SeriesFields):
        if f.name == "languages":
            series.languages = ",".join(dict.fromkeys(data.languages))
        else:
            setattr(series, f.name, getattr(data, f.name))
    if series.frequency != recurrence.Frequency.MONTHLY:
        series.ordinal = None
    series.description_html = str(render_markdown(series.description))
    series.house_rules_html = str(render_markdown(series.house_rules))
    if rules_changed:
        series.house_rules_version += 1
    return rules_changed


def _hosts_set(
    series: MeetupSeries, facilitators: Iterable[User] | None, guests: Iterable[User] | None
) -> None:
    if facilitators is None and guests is None:
        return
    facilitators, guests = list(facilitators or ()), list(guests or ())
    errors: dict[str, list[str]] = {}
    if any(not policies.may_facilitate(member) for member in facilitators or ()):
        errors["facilitators"] = [gettext("Facilitators must be members of Kring.")]
    if any(not policies.may_be_guest_host(member) for member in guests or ()):
        errors["guests"] = [gettext("Guests must be support workers.")]
    _raise_if(errors)
    wanted: dict[int, str] = {}
    for member in guests or ():
        wanted[member.pk] = HostKind.GUEST
    for member in facilitators or ():
        wanted[member.pk] = HostKind.FACILITATOR
    SeriesHost.objects.filter(series=series).exclude(member_id__in=wanted).delete()
    for member_id, kind in wanted.items():
        SeriesHost.objects.update_or_create(
            series=series, member_id=member_id, defaults={"kind": kind}
        )


@transaction.atomic
def series_create(
    *,
    actor: User,
    data: SeriesFields,
    facilitators: Iterable[User] = (),
    guests: Iterable[User] = (),
    now: datetime | None = None,
) -> MeetupSeries:
    """A moderator or support worker creates an active series; sessions are generated."""
    if not policies.may_manage_meetups(actor):
        raise PermissionDenied
    now = now or timezone.now()
    _raise_if(series_errors(data, now=now))
    series = MeetupSeries(status=SeriesStatus.ACTIVE, proposed_by=None)
    _apply(series, data)
    series.save()
    _hosts_set(series, list(facilitators), list(guests))
    audit_record(actor=actor, action="events.series.created", target=series)
    sessions_generate(series=series, now=now)
    return series


@transaction.atomic
def series_update(
    *,
    actor: User,
    series: MeetupSeries,
    data: SeriesFields,
    facilitators: Iterable[User] | None = None,
    guests: Iterable[User] | None = None,
    now: datetime | None = None,
) -> MeetupSeries:
    """Edit a series. Upcoming scheduled sessions follow the new rule (times change,
    dates no longer in the rule are cancelled when they have RSVPs, else removed);
    cancelled and moved sessions are left alone. Changed house rules get a new version."""
    if not policies.may_edit_series(actor, series):
        raise PermissionDenied
    now = now or timezone.now()
    series = MeetupSeries.objects.select_for_update().get(pk=series.pk)
    _raise_if(series_errors(data, series=series, now=now))
    _apply(series, data)
    series.save()
    _hosts_set(series, facilitators, guests)
    audit_record(actor=actor, action="events.series.updated", target=series)
    _sessions_follow_rule(series=series, now=now)
    sessions_generate(series=series, now=now)
    for session in _upcoming(series, now):
        # A higher capacity fills places from the waiting lists at once.
        locked = _session_locked(session)
        _promote(locked, now=now)
        _participants_sync(locked)
    return series


@transaction.atomic
def series_propose(
    *,
    actor: User,
    data: SeriesFields,
    now: datetime | None = None,
) -> MeetupSeries:
    """A member proposes a series; it waits in the moderation review queue. The
    proposer becomes its facilitator. Approving it (events.moderation) activates it."""
    if not policies.may_propose_series(actor):
        raise PermissionDenied(gettext("You cannot propose meetups at the moment."))
    now = now or timezone.now()
    _raise_if(series_errors(data, now=now))
    data = _member_text_checked(actor, data)
    series = MeetupSeries(status=SeriesStatus.PROPOSED, proposed_by=actor)
    _apply(series, data)
    series.save()
    SeriesHost.objects.create(series=series, member=actor, kind=HostKind.FACILITATOR)
    # Into the one review queue: approving it there activates the series.
    content_hold(series, reason=gettext("A member's meetup proposal: a moderator approves it."))
    return series


def _member_text_checked(actor: User, data: SeriesFields) -> SeriesFields:
    """A member's proposal passes the watched words and the personal-information guard
    (it is shown to members once approved); censored words are replaced."""
    checked = {}
    for name in ("title", "description", "accessibility_notes", "house_rules"):
        result = text_check(author=actor, text=getattr(data, name))
        if result.blocked:
            raise ValidationError({name: [str(result.message)]}, code="watched_word")
        if result.personal_information:
            raise ValidationError(
                {
                    name: [
                        gettext(
                            "This looks like personal information (a phone number, an "
                            "address, an e-mail address). Please leave it out."
                        )
                    ]
                },
                code="personal_information",
            )
        checked[name] = result.text
    return replace(data, **checked)


def series_state_changed(series: MeetupSeries, old: str, new: str) -> None:
    """The review queue approved (visible) or rejected (hidden) a proposal."""
    if new == ModerationState.VISIBLE and series.status == SeriesStatus.PROPOSED:
        MeetupSeries.objects.filter(pk=series.pk).update(status=SeriesStatus.ACTIVE)
        series.status = SeriesStatus.ACTIVE
        sessions_generate(series=series)
        if series.proposed_by_id:
            proposer = series.proposed_by
            transaction.on_commit(
                lambda: notification_create(
                    recipient=proposer,
                    kind="meetup_approved",
                    url=series.get_absolute_url(),
                    text=gettext("Your meetup proposal was approved"),
                )
            )
    elif new == ModerationState.HIDDEN and series.status == SeriesStatus.PROPOSED:
        MeetupSeries.objects.filter(pk=series.pk).update(status=SeriesStatus.REJECTED)
        series.status = SeriesStatus.REJECTED


def series_purge(series: MeetupSeries, actor: Any) -> None:
    """Delete a series for good (moderation toolkit); its rooms go with it."""
    room_ids = list(
        MeetupSession.objects.filter(series=series, room__isnull=False).values_list(
            "room_id", flat=True
        )
    )
    series.delete()
    Room.objects.filter(pk__in=room_ids).delete()


# --- Sessions ---------------------------------------------------------------------


def _times(series: MeetupSeries, day: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, series.start_time, tzinfo=recurrence.AMSTERDAM),
        datetime.combine(day, series.end_time, tzinfo=recurrence.AMSTERDAM),
    )


def _room_times(room: Room, session: MeetupSession) -> None:
    room.opens_at = session.starts_at - policies.OPENS_BEFORE
    room.closes_at = session.ends_at


def _room_create(series: MeetupSeries, starts_at: datetime, ends_at: datetime) -> Room:
    return Room.objects.create(
        kind=RoomKind.MEETUP,
        slug=f"meetup-{uuid.uuid4().hex[:16]}",
        name=series.title[:80],
        language=series.language_list[0] if len(series.language_list) == 1 else "",
        opens_at=starts_at - policies.OPENS_BEFORE,
        closes_at=ends_at,
        purge_after_close_hours=room_purge_hours(),
    )


def _upcoming(series: MeetupSeries, now: datetime):
    return MeetupSession.objects.filter(series=series, ends_at__gt=now).select_related("room")


def sessions_generate(*, series: MeetupSeries, now: datetime | None = None) -> int:
    """Store the series' sessions for the coming `generate_days()` days. Dates that
    already have a session (scheduled, cancelled or moved) are skipped, so running it
    again creates nothing. Subscribers get an RSVP for each new session. Returns the
    number of sessions created."""
    if series.status != SeriesStatus.ACTIVE or series.moderation_state != ModerationState.VISIBLE:
        return 0
    now = now or timezone.now()
    today = now.astimezone(recurrence.AMSTERDAM).date()
    last = today + timedelta(days=generate_days())
    existing = set(series.sessions.values_list("rule_date", flat=True))
    created = 0
    for day in recurrence.rule_dates_between(series.rule, today, last):
        if day in existing:
            continue
        starts_at, ends_at = _times(series, day)
        if ends_at <= now:
            continue
        try:
            with transaction.atomic():
                session = MeetupSession.objects.create(
                    series=series,
                    rule_date=day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=_room_create(series, starts_at, ends_at),
                )
        except IntegrityError:
            continue  # generated meanwhile by another process
        created += 1
        _subscribers_book(session, now=now)
        _participants_sync(session)
    return created


def sessions_generate_all(*, now: datetime | None = None) -> int:
    """Generate ahead for every active series (the management command)."""
    total = 0
    for series in MeetupSeries.objects.filter(
        status=SeriesStatus.ACTIVE, moderation_state=ModerationState.VISIBLE
    ):
        total += sessions_generate(series=series, now=now)
    return total


def _sessions_follow_rule(*, series: MeetupSeries, now: datetime) -> None:
    rule = series.rule
    for session in _upcoming(series, now).filter(status=SessionStatus.SCHEDULED):
        if session.starts_at <= now:
            continue
        if recurrence.is_rule_date(rule, session.rule_date):
            starts_at, ends_at = _times(series, session.rule_date)
            if (starts_at, ends_at) != (session.starts_at, session.ends_at):
                session.starts_at, session.ends_at = starts_at, ends_at
                _changed(session)
                session.save()
        elif Rsvp.objects.filter(session=session).exclude(status=RsvpStatus.CANCELLED).exists():
            _cancel(session, now=now)
        else:
            room = session.room
            session.delete()
            if room is not None:
                room.delete()


def _changed(session: MeetupSession) -> None:
    """Bump the iCal sequence and keep the room's opening times in step."""
    session.ical_sequence += 1
    session.updated_at = timezone.now()
    if session.room is not None:
        _room_times(session.room, session)
        session.room.save(update_fields=["opens_at", "closes_at"])


def _notify_booked(session: MeetupSession, *, kind: str, text: str) -> None:
    """Tell everyone going or waiting. No actor: a notice about their booking reaches
    them even if they blocked the staff member who made the change."""
    members = list(
        User.objects.filter(
            meetup_rsvps__session=session,
            meetup_rsvps__status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
        )
    )
    url = session.get_absolute_url()

    def send() -> None:
        for member in members:
            notification_create(recipient=member, kind=kind, target=session, url=url, text=text)

    transaction.on_commit(send)


def _cancel(session: MeetupSession, *, now: datetime) -> None:
    session.status = SessionStatus.CANCELLED
    _changed(session)
    if session.room is not None:
        session.room.closes_at = min(session.room.closes_at or now, now)
        session.room.save(update_fields=["closes_at"])
    session.save()
    _notify_booked(
        session,
        kind="meetup_cancelled",
        text=gettext("A meetup you signed up for was cancelled"),
    )


def _session_locked(session: MeetupSession) -> MeetupSession:
    return (
        MeetupSession.objects.select_for_update(of=("self",))
        .select_related("series", "room")
        .get(pk=session.pk)
    )


@transaction.atomic
def session_cancel(
    *, actor: User, session: MeetupSession, reason: str = "", now: datetime | None = None
) -> MeetupSession:
    """Cancel one session. Everyone with an RSVP or on the waiting list is told;
    their RSVP rows stay (the iCal feed shows STATUS:CANCELLED)."""
    if not policies.may_manage_meetups(actor):
        raise PermissionDenied
    now = now or timezone.now()
    session = _session_locked(session)
    if session.is_cancelled:
        raise ValidationError(gettext("This session is already cancelled."), code="cancelled")
    if session.ends_at <= now:
        raise ValidationError(gettext("This session is already over."), code="past")
    _cancel(session, now=now)
    audit_record(actor=actor, action="events.session.cancelled", target=session, reason=reason)
    return session


@transaction.atomic
def session_move(
    *,
    actor: User,
    session: MeetupSession,
    starts_at: datetime,
    ends_at: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> MeetupSession:
    """Move one session to another date or time. It keeps its UID, RSVPs and room;
    the original start is kept; everyone booked is told."""
    if not policies.may_manage_meetups(actor):
        raise PermissionDenied
    now = now or timezone.now()
    session = _session_locked(session)
    if session.is_cancelled:
        raise ValidationError(gettext("A cancelled session cannot be moved."), code="cancelled")
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": [gettext("The end must be later than the start.")]}, code="end_before_start"
        )
    if starts_at <= now:
        raise ValidationError(
            {"starts_at": [gettext("The new start must be in the future.")]}, code="past"
        )
    if session.original_starts_at is None:
        session.original_starts_at = session.starts_at
    session.starts_at, session.ends_at = starts_at, ends_at
    session.status = SessionStatus.MOVED
    _changed(session)
    session.save()
    _notify_booked(
        session,
        kind="meetup_moved",
        text=gettext("A meetup you signed up for has a new date or time"),
    )
    audit_record(actor=actor, action="events.session.moved", target=session, reason=reason)
    return session


@transaction.atomic
def session_confirm(
    *, actor: User, session: MeetupSession, now: datetime | None = None
) -> MeetupSession:
    """A facilitator confirms that an upcoming session takes place."""
    if not policies.may_confirm_session(actor, session):
        raise PermissionDenied
    now = now or timezone.now()
    session = _session_locked(session)
    if session.is_cancelled or session.ends_at <= now:
        raise ValidationError(
            gettext("Only an upcoming session can be confirmed."), code="not_upcoming"
        )
    session.confirmed_at = now
    session.confirmed_by = actor
    session.save(update_fields=["confirmed_at", "confirmed_by"])
    return session


@transaction.atomic
def session_capacity_set(
    *, actor: User, session: MeetupSession, capacity: int | None, now: datetime | None = None
) -> MeetupSession:
    """Give one session its own capacity (None: the series'). Never below the places
    already taken; a higher capacity promotes waiting members."""
    if not policies.may_manage_meetups(actor):
        raise PermissionDenied
    now = now or timezone.now()
    session = _session_locked(session)
    wanted = capacity if capacity is not None else session.series.capacity
    taken = _going_count(session)
    if wanted < 1 or wanted < taken:
        raise ValidationError(
            {
                "capacity": [
                    gettext(
                        "%(count)d members already have a place; the capacity cannot be "
                        "lower than that."
                    )
                    % {"count": taken}
                ]
            },
            code="capacity_below_taken",
        )
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    _promote(session, now=now)
    _participants_sync(session)
    return session


# --- RSVPs ------------------------------------------------------------------------


def _participants_sync(session: MeetupSession) -> None:
    """The room's participants are the hosts and the members going."""
    if session.room_id is None:
        return
    members = User.objects.filter(
        Q(meetup_hosting__series_id=session.series_id)
        | Q(meetup_rsvps__session=session, meetup_rsvps__status=RsvpStatus.GOING)
    ).distinct()
    room_participants_set(room=session.room, members=list(members))


def _book(session: MeetupSession, member: User, *, rules_version: int, now: datetime) -> Rsvp:
    """Give `member` a place or a waiting-list spot; the session row must be locked."""
    existing = Rsvp.objects.filter(session=session, member=member).first()
    if existing is not None and existing.status != RsvpStatus.CANCELLED:
        if existing.house_rules_version != rules_version:
            existing.house_rules_version = rules_version
            existing.save(update_fields=["house_rules_version"])
        return existing
    # Someone already waiting keeps their turn: a place free in the last ten minutes
    # (when promotion has stopped) does not go to a newcomer ahead of them.
    waiting = Rsvp.objects.filter(session=session, status=RsvpStatus.WAITLISTED).exists()
    has_place = _going_count(session) < session.effective_capacity
    status = RsvpStatus.GOING if has_place and not waiting else RsvpStatus.WAITLISTED
    if existing is None:
        return Rsvp.objects.create(
            session=session,
            member=member,
            status=status,
            created_at=now,
            updated_at=now,
            house_rules_version=rules_version,
        )
    existing.status = status
    existing.created_at = now
    existing.updated_at = now
    existing.house_rules_version = rules_version
    existing.save()
    return existing


def _rsvp_refusal(session: MeetupSession, *, now: datetime) -> ValidationError | None:
    if session.is_cancelled:
        return ValidationError(gettext("This session is cancelled."), code="cancelled")
    if session.starts_at <= now:
        return ValidationError(gettext("This session has already started or is over."), code="past")
    return None


@transaction.atomic
def rsvp_create(
    *,
    member: User,
    session: MeetupSession,
    house_rules_version: int | None,
    now: datetime | None = None,
) -> Rsvp:
    """RSVP to one session: a place when there is one, else the waiting list (first
    come, first served). `house_rules_version` is the version the member accepted
    (None: not accepted); it must be the current one when the series has house rules.
    RSVPing again while booked changes nothing."""
    if not policies.may_rsvp(member) or not policies.may_see_session(member, session):
        raise PermissionDenied
    now = now or timezone.now()
    session = _session_locked(session)
    refusal = _rsvp_refusal(session, now=now)
    if refusal is not None:
        raise refusal
    version = session.series.house_rules_version
    if session.series.house_rules and house_rules_version != version:
        raise ValidationError(
            {"accept_house_rules": [gettext("Please read and accept the house rules.")]},
            code="house_rules",
        )
    rsvp = _book(session, member, rules_version=version, now=now)
    _participants_sync(session)
    return rsvp


def _promote(session: MeetupSession, *, now: datetime) -> list[Rsvp]:
    """Fill free places from the waiting list, first come first served, unless the
    session starts within 10 minutes (or is cancelled). The session row must be locked."""
    if session.is_cancelled or now >= session.starts_at - policies.OPENS_BEFORE:
        return []
    free = session.effective_capacity - _going_count(session)
    if free <= 0:
        return []
    promoted = list(
        Rsvp.objects.filter(session=session, status=RsvpStatus.WAITLISTED)
        .select_related("member")
        .order_by("created_at", "pk")[:free]
    )
    for rsvp in promoted:
        rsvp.status = RsvpStatus.GOING
        rsvp.updated_at = now
        rsvp.save(update_fields=["status", "updated_at"])
    url = session.get_absolute_url()
    members = [rsvp.member for rsvp in promoted]

    def send() -> None:
        for promoted_member in members:
            notification_create(
                recipient=promoted_member,
                kind="meetup_place",
                target=session,
                url=url,
                text=gettext("A place came free: you are now going to a meetup"),
            )

    if members:
        transaction.on_commit(send)
    return promoted


@transaction.atomic
def rsvp_cancel(
    *, member: User, session: MeetupSession, now: datetime | None = None
) -> Rsvp | None:
    """Cancel the member's RSVP or waiting-list spot. A freed place goes to the first
    on the waiting list, in the same transaction. Returns the row, or None when the
    member had none."""
    now = now or timezone.now()
    session = _session_locked(session)
    rsvp = Rsvp.objects.filter(session=session, member=member).first()
    if rsvp is None or rsvp.status == RsvpStatus.CANCELLED:
        return rsvp
    if session.ends_at <= now:
        raise ValidationError(gettext("This session is over."), code="past")
    rsvp.status = RsvpStatus.CANCELLED
    rsvp.updated_at = now
    rsvp.save(update_fields=["status", "updated_at"])
    _promote(session, now=now)
    _participants_sync(session)
    return rsvp


@transaction.atomic
def series_subscribe(
    *,
    member: User,
    series: MeetupSeries,
    house_rules_version: int | None,
    now: datetime | None = None,
) -> SeriesSubscription:
    """ "All sessions of this series": an RSVP (or waiting-list spot) for every upcoming
    session, and for sessions generated later while the house rules stay the same."""
    if not policies.may_rsvp(member) or not policies.may_see_series(member, series):
        raise PermissionDenied
    now = now or timezone.now()
    if series.house_rules and house_rules_version != series.house_rules_version:
        raise ValidationError(
            {"accept_house_rules": [gettext("Please read and accept the house rules.")]},
            code="house_rules",
        )
    subscription, _created = SeriesSubscription.objects.update_or_create(
        series=series,
        member=member,
        defaults={"house_rules_version": series.house_rules_version},
    )
    for session in _upcoming(series, now).exclude(status=SessionStatus.CANCELLED):
        locked = _session_locked(session)
        if _rsvp_refusal(locked, now=now) is None:
            _book(locked, member, rules_version=series.house_rules_version, now=now)
            _participants_sync(locked)
    return subscription


@transaction.atomic
def series_unsubscribe(*, member: User, series: MeetupSeries, now: datetime | None = None) -> None:
    """Stop "all sessions" and cancel the member's upcoming RSVPs of the series."""
    now = now or timezone.now()
    SeriesSubscription.objects.filter(series=series, member=member).delete()
    for session in (
        _upcoming(series, now).filter(rsvps__member=member, starts_at__gt=now).distinct()
    ):
        rsvp_cancel(member=member, session=session, now=now)


def _subscribers_book(session: MeetupSession, *, now: datetime) -> None:
    subscriptions = SeriesSubscription.objects.filter(
        series_id=session.series_id,
        house_rules_version=session.series.house_rules_version,
    ).select_related("member")
    for subscription in subscriptions:
        if policies.may_rsvp(subscription.member):
            _book(
                session,
                subscription.member,
                rules_version=subscription.house_rules_version,
                now=now,
            )


# --- Calendar feed and preferences ------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, member: User) -> str:
    """Make (or replace) the member's secret feed token and return it; only its hash
    is stored, so the token can be shown this once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(member=member, defaults={"token_hash": token_hash(token)})
    return token


def calendar_feed_revoke(*, member: User) -> bool:
    """Revoke the member's feed: the old address answers 404 from now on."""
    deleted, _rows = CalendarFeed.objects.filter(member=member).delete()
    return bool(deleted)


def reminder_preference_set(*, member: User, email_reminders: bool) -> MeetupPreference:
    preference, _created = MeetupPreference.objects.update_or_create(
        member=member, defaults={"email_reminders": email_reminders}
    )
    return preference


# --- Reminders and purging ----------------------------------------------------------


def _when(session: MeetupSession) -> str:
    local = timezone.localtime(session.starts_at, recurrence.AMSTERDAM)
    return formats.date_format(local, "DATETIME_FORMAT")


def reminders_send(*, now: datetime | None = None) -> int:
    """Send due reminders (24 hours and 30 minutes before) to members going. A
    ReminderSent row is written first, so each reminder goes out exactly once even when
    two runs overlap. Safe to run every minute. Returns the number sent."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in REMINDERS:
        window = MeetupSession.objects.filter(
            starts_at__gt=now, starts_at__lte=now + ahead
        ).exclude(status=SessionStatus.CANCELLED)
        if kind == ReminderKind.DAY:
            window = window.filter(starts_at__gt=now + timedelta(minutes=30))
        rsvps = (
            Rsvp.objects.filter(session__in=window, status=RsvpStatus.GOING)
            .select_related("session", "member", "member__meetup_preference")
            .order_by("session__starts_at", "pk")
        )
        for rsvp in rsvps:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        session=rsvp.session, member=rsvp.member, kind=kind, sent_at=now
                    )
            except IntegrityError:
                continue
            _remind(rsvp.session, rsvp.member, kind)
            sent += 1
    return sent


def _remind(session: MeetupSession, member: User, kind: str) -> None:
    text = (
        gettext("Reminder: a meetup you signed up for starts within 24 hours")
        if kind == ReminderKind.DAY
        else gettext("Reminder: a meetup you signed up for starts in 30 minutes")
    )
    notification_create(
        recipient=member,
        kind="meetup_reminder",
        target=session,
        url=session.get_absolute_url(),
        text=text,
    )
    preference = getattr(member, "meetup_preference", None)
    if member.email and preference is not None and preference.email_reminders:
        # Neutral subject and sender: the e-mail must not say what the appointment is.
        send_mail(
            subject=gettext("Reminder"),
            message=gettext("You have an appointment on %(when)s.") % {"when": _when(session)},
            from_email=getattr(settings, "KRING_NEUTRAL_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
            recipient_list=[member.email],
            fail_silently=True,
        )


def attendance_purge(*, now: datetime | None = None) -> int:
    """Delete RSVP and reminder rows of sessions that ended more than
    `attendance_purge_days()` ago. Returns the number of RSVPs deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=attendance_purge_days())
    old = MeetupSession.objects.filter(ends_at__lt=cutoff)
    ReminderSent.objects.filter(session__in=old).delete()
    deleted, _rows = Rsvp.objects.filter(session__in=old).delete()
    return deleted
