"""Who may do what with meetups. Views, templates, services and selectors ask these.

Staff roles count only in a 2FA-verified session (community.policies does that).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from community.moderation.models import ModerationState
from community.policies import (
    is_moderator,
    is_support_worker,
    member_is_silenced,
    member_may_enter,
    role_names,
)
from community.roles import Role
from events.models import MeetupSeries, MeetupSession, SeriesStatus

# The room and the video link open this long before the start; waitlist promotion and
# cancellations by members stop at the same moment.
OPENS_BEFORE = timedelta(minutes=10)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_manage_meetups(user: Any) -> bool:
    """Create and edit series, cancel and move sessions: moderators, support workers."""
    return is_moderator(user) or is_support_worker(user)


def may_propose_series(user: Any) -> bool:
    return member_may_enter(user) and not member_is_silenced(user)


def host_ids(series: MeetupSeries) -> set[int]:
    """Member ids of the series' hosts (uses a prefetched `hosts` when there is one)."""
    return {host.member_id for host in series.hosts.all()}


def is_host(user: Any, series: MeetupSeries) -> bool:
    return _authenticated(user) and user.pk in host_ids(series)


def may_facilitate(user: Any) -> bool:
    """Facilitators are members who may take part (not pending, suspended or banned)."""
    return member_may_enter(user)


def may_be_guest_host(user: Any) -> bool:
    """Guests are support workers (the account holds the role; being listed as a host
    exercises no staff power, so no verified session is needed here)."""
    return Role.SUPPORT_WORKER in role_names(user)


def may_see_series(user: Any, series: MeetupSeries) -> bool:
    """Active series: public ones to anyone, members-only ones to members. A proposal:
    its author and the staff who review it."""
    if series.status != SeriesStatus.ACTIVE or series.moderation_state != ModerationState.VISIBLE:
        if may_manage_meetups(user):
            return True
        return _authenticated(user) and series.proposed_by_id == user.pk
    if series.is_public:
        return True
    return member_may_enter(user)


def may_see_session(user: Any, session: MeetupSession) -> bool:
    return may_see_series(user, session.series)


def may_edit_series(user: Any, series: MeetupSeries) -> bool:
    return may_manage_meetups(user)


def may_confirm_session(user: Any, session: MeetupSession) -> bool:
    """Facilitators (and staff) confirm upcoming sessions of their series."""
    return may_manage_meetups(user) or (member_may_enter(user) and is_host(user, session.series))


def may_see_attendees(user: Any, session: MeetupSession) -> bool:
    """Who is coming: only the hosts (and the staff who run meetups)."""
    return is_host(user, session.series) or may_manage_meetups(user)


def may_see_attendee_count(user: Any, session: MeetupSession) -> bool:
    """Others see at most a count, and hosts can hide even that."""
    if may_see_attendees(user, session):
        return True
    return not session.series.hide_attendee_count and may_see_session(user, session)


def may_rsvp(user: Any) -> bool:
    """Joining is for members only (also for publicly listed series)."""
    return member_may_enter(user)


def room_opens_at(session: MeetupSession) -> datetime:
    return session.starts_at - OPENS_BEFORE


def may_see_video_link(
    user: Any, session: MeetupSession, *, going: bool, now: datetime | None = None
) -> bool:
    """The video link: only on the join page, only to RSVP'd members (going) and hosts,
    only from 10 minutes before the start until the end."""
    now = now or timezone.now()
    if not session.series.video_url or session.is_cancelled:
        return False
    if not (room_opens_at(session) <= now < session.ends_at):
        return False
    return member_may_enter(user) and (going or is_host(user, session.series))
