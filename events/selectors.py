"""Reads for meetups. Lists run a constant number of queries (series and hosts joined or
prefetched, the number going annotated), whatever their length.

Attendee privacy: lists carry only `going_count`; whether a viewer may see it is
`events.policies.may_see_attendee_count`. Names come only from `session_attendees`,
which returns nothing to anyone but hosts.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from community import recurrence
from community.models import User
from community.moderation.models import ModerationState
from community.policies import member_may_enter
from events import policies
from events.models import (
    CalendarFeed,
    MeetupSeries,
    MeetupSession,
    Rsvp,
    RsvpStatus,
    SeriesHost,
    SeriesStatus,
    SeriesSubscription,
    Visibility,
)
from events.services import token_hash


def _visible_series(viewer: Any) -> Q:
    q = Q(series__status=SeriesStatus.ACTIVE, series__moderation_state=ModerationState.VISIBLE)
    if not member_may_enter(viewer):
        q &= Q(series__visibility=Visibility.PUBLIC)
    return q


def _sessions(
    viewer: Any, *, language: str | None = None, topic: str | None = None
) -> QuerySet[MeetupSession]:
    qs = (
        MeetupSession.objects.filter(_visible_series(viewer))
        .select_related("series")
        .prefetch_related(
            Prefetch("series__hosts", queryset=SeriesHost.objects.only("series_id", "member_id"))
        )
        .annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
    )
    if language:
        qs = qs.filter(series__languages__contains=language)
    if topic:
        qs = qs.filter(series__topic=topic)
    return qs


def sessions_upcoming(
    *,
    viewer: Any,
    now: datetime | None = None,
    language: str | None = None,
    topic: str | None = None,
    limit: int = 50,
) -> list[MeetupSession]:
    """Sessions not yet over (cancelled ones included, marked), soonest first."""
    now = now or timezone.now()
    return list(
        _sessions(viewer, language=language, topic=topic)
        .filter(ends_at__gt=now)
        .order_by("starts_at", "pk")[:limit]
    )


def sessions_month(
    *,
    viewer: Any,
    year: int,
    month: int,
    language: str | None = None,
    topic: str | None = None,
) -> list[MeetupSession]:
    """Sessions starting in the given month (Europe/Amsterdam), for the month view."""
    first = datetime(year, month, 1, tzinfo=recurrence.AMSTERDAM)
    days = calendar.monthrange(year, month)[1]
    after = first + timedelta(days=days)
    after = datetime(after.year, after.month, 1, tzinfo=recurrence.AMSTERDAM)
    return list(
        _sessions(viewer, language=language, topic=topic)
        .filter(starts_at__gte=first, starts_at__lt=after)
        .order_by("starts_at", "pk")
    )


def sessions_past(
    *,
    viewer: Any,
    now: datetime | None = None,
    language: str | None = None,
    topic: str | None = None,
    limit: int = 50,
) -> list[MeetupSession]:
    """The archive: sessions that are over, latest first. No attendee data (the count
    annotation is dropped)."""
    now = now or timezone.now()
    qs = MeetupSession.objects.filter(_visible_series(viewer), ends_at__lte=now).select_related(
        "series"
    )
    if language:
        qs = qs.filter(series__languages__contains=language)
    if topic:
        qs = qs.filter(series__topic=topic)
    return list(qs.order_by("-starts_at", "-pk")[:limit])


def sessions_public_upcoming(*, now: datetime | None = None, limit: int = 5) -> list[MeetupSession]:
    """For the public home page: upcoming sessions of publicly listed series."""
    now = now or timezone.now()
    return list(
        MeetupSession.objects.filter(
            series__status=SeriesStatus.ACTIVE,
            series__moderation_state=ModerationState.VISIBLE,
            series__visibility=Visibility.PUBLIC,
            ends_at__gt=now,
        )
        .exclude(status="cancelled")
        .select_related("series")
        .order_by("starts_at", "pk")[:limit]
    )


def series_for_viewer(*, viewer: Any, pk: int) -> MeetupSeries | None:
    """The series, or None when missing or not visible to the viewer (same answer)."""
    series = (
        MeetupSeries.objects.filter(pk=pk)
        .select_related("proposed_by")
        .prefetch_related("hosts__member")
        .first()
    )
    if series is None or not policies.may_see_series(viewer, series):
        return None
    return series


def session_for_viewer(*, viewer: Any, pk: int) -> MeetupSession | None:
    """The session, or None when missing or not visible to the viewer (same answer)."""
    session = (
        MeetupSession.objects.filter(pk=pk)
        .select_related("series", "room")
        .prefetch_related("series__hosts__member")
        .annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        .first()
    )
    if session is None or not policies.may_see_session(viewer, session):
        return None
    return session


def series_sessions_upcoming(
    *, series: MeetupSeries, now: datetime | None = None, limit: int = 20
) -> list[MeetupSession]:
    now = now or timezone.now()
    return list(
        MeetupSession.objects.filter(series=series, ends_at__gt=now)
        .annotate(going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)))
        .order_by("starts_at", "pk")[:limit]
    )


def rsvp_for(*, member: Any, session: MeetupSession) -> Rsvp | None:
    """The member's RSVP row for the session (any status), or None."""
    if not getattr(member, "is_authenticated", False):
        return None
    return Rsvp.objects.filter(session=session, member=member).first()


def rsvps_by_session(*, member: Any, sessions: list[MeetupSession]) -> dict[int, str]:
    """session pk -> the member's RSVP status, for marking a list in one query."""
    if not getattr(member, "is_authenticated", False) or not sessions:
        return {}
    return dict(
        Rsvp.objects.filter(member=member, session__in=[s.pk for s in sessions])
        .exclude(status=RsvpStatus.CANCELLED)
        .values_list("session_id", "status")
    )


def is_subscribed(*, member: Any, series: MeetupSeries) -> bool:
    if not getattr(member, "is_authenticated", False):
        return False
    return SeriesSubscription.objects.filter(member=member, series=series).exists()


def waitlist_position(*, member: Any, session: MeetupSession) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    rsvp = rsvp_for(member=member, session=session)
    if rsvp is None or rsvp.status != RsvpStatus.WAITLISTED:
        return None
    return (
        Rsvp.objects.filter(session=session, status=RsvpStatus.WAITLISTED)
        .filter(Q(created_at__lt=rsvp.created_at) | Q(created_at=rsvp.created_at, pk__lt=rsvp.pk))
        .count()
        + 1
    )


@dataclass(frozen=True)
class Attendance:
    """What a viewer may know about who comes: `count` None when hidden from them;
    `going` and `waiting` (members, in order) only for hosts, else empty."""

    count: int | None
    going: list[User]
    waiting: list[User]


def session_attendance(*, viewer: Any, session: MeetupSession) -> Attendance:
    if policies.may_see_attendees(viewer, session):
        rows = list(
            Rsvp.objects.filter(session=session)
            .exclude(status=RsvpStatus.CANCELLED)
            .select_related("member")
            .order_by("created_at", "pk")
        )
        going = [r.member for r in rows if r.status == RsvpStatus.GOING]
        waiting = [r.member for r in rows if r.status == RsvpStatus.WAITLISTED]
        return Attendance(count=len(going), going=going, waiting=waiting)
    if policies.may_see_attendee_count(viewer, session):
        count = getattr(session, "going_count", None)
        if count is None:
            count = Rsvp.objects.filter(session=session, status=RsvpStatus.GOING).count()
        return Attendance(count=count, going=[], waiting=[])
    return Attendance(count=None, going=[], waiting=[])


def video_link_for(
    *, viewer: Any, session: MeetupSession, now: datetime | None = None
) -> str | None:
    """The video link for the join page, or None (see policies.may_see_video_link)."""
    rsvp = rsvp_for(member=viewer, session=session)
    going = rsvp is not None and rsvp.status == RsvpStatus.GOING
    if policies.may_see_video_link(viewer, session, going=going, now=now):
        return session.series.video_url
    return None


def feed_member(*, token: str) -> User | None:
    """The member whose feed token this is; None for a wrong or revoked token."""
    if not token or len(token) > 200:
        return None
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("member").first()
    )
    if feed is None or not member_may_enter(feed.member):
        return None
    return feed.member


def has_calendar_feed(*, member: Any) -> bool:
    return CalendarFeed.objects.filter(member=member).exists()


def feed_sessions(*, member: Any, now: datetime | None = None) -> list[MeetupSession]:
    """The member's booked sessions (going or waiting; cancelled ones stay so calendars
    learn of the cancellation) from 30 days ago on."""
    now = now or timezone.now()
    return list(
        MeetupSession.objects.filter(
            rsvps__member=member,
            rsvps__status__in=[RsvpStatus.GOING, RsvpStatus.WAITLISTED],
            ends_at__gt=now - timedelta(days=30),
        )
        .select_related("series")
        .order_by("starts_at", "pk")
        .distinct()
    )


def month_grid(*, year: int, month: int) -> list[list[date | None]]:
    """Weeks (Monday first) of the month for the month view; None outside the month."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[day if day.month == month else None for day in week] for week in weeks]


def series_proposed_by(*, member: Any) -> list[MeetupSeries]:
    return list(MeetupSeries.objects.filter(proposed_by=member).order_by("-created_at"))
