"""Who may do what in chat: one function per rule.

The consumer asks these before it accepts a socket and for every frame, the pages ask
them to decide what to offer, the services before they write, the selectors to filter
what is listed, and the moderation registry (`visible_to`) before a member may report
a message — so what a page offers and what a service permits never disagree. Staff
powers come from community.policies, so they count only in a session verified with a
second factor.

`membership` is the member's RoomMembership row in the room. Pass it when you have
read it (None when the member has no row): left out, the functions read it themselves,
so a forgotten argument can never skip a room ban or mute. `now` defaults to
timezone.now(); tests pass it to move through time.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.errors import FORBIDDEN, MUTED, READ_ONLY, SILENCED, ChatError
from chat.models import Message, Room, RoomKind, RoomMembership
from community.models import Block
from community.moderation.models import ModerationState
from community.policies import (
    is_community_staff,
    is_moderator,
    member_is_silenced,
    member_may_enter,
    member_may_post,
    role_names,
)
from community.roles import Role

# Authors may change or take back a message this long after sending it.
EDIT_WINDOW = datetime.timedelta(minutes=15)


class _Unknown:
    """The default of `membership`: not given, so read it."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


# `retry_after` is given for waits up to a day only: a longer one (a month's mute, a
# ban-length silence) is not worth a client's timer, and browsers fire timers of
# more than about 24.8 days at once.
RETRY_AFTER_MAX = 24 * 60 * 60


def retry_after(until: datetime.datetime | None, now: datetime.datetime) -> float | None:
    """Seconds until `until`, for an error's retry_after; None when not within a day."""
    if until is None or until <= now:
        return None
    seconds = (until - now).total_seconds()
    return seconds if seconds <= RETRY_AFTER_MAX else None


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def _membership(user: Any, room: Room, membership: Any) -> RoomMembership | None:
    if membership is not UNKNOWN:
        return membership
    if not getattr(user, "pk", None) or room.pk is None:
        return None
    return RoomMembership.objects.filter(room=room, member_id=user.pk).first()


def is_banned_from(membership: RoomMembership | None) -> bool:
    return membership is not None and membership.banned_at is not None


def muted_until(
    membership: RoomMembership | None, *, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """The end of the member's mute in this room, or None when not muted now."""
    if membership is None or membership.muted_until is None:
        return None
    return membership.muted_until if membership.muted_until > _now(now) else None


def direct_room_member_ids(room: Room) -> tuple[int, int] | None:
    """The two members of a private conversation, from its key (no query)."""
    if room.kind != RoomKind.DIRECT or not room.direct_key:
        return None
    first, _sep, second = room.direct_key.partition("-")
    return int(first), int(second)


def direct_key_for(first_id: int, second_id: int) -> str:
    low, high = sorted((int(first_id), int(second_id)))
    return f"{low}-{high}"


def either_blocked(first_id: int, second_id: int) -> bool:
    """Has one of the two blocked the other? (Blocking ends private messages both ways.)"""
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


# --- Rooms ----------------------------------------------------------------------------


def can_read_room(
    user: Any, room: Room, membership: Any = UNKNOWN, *, now: datetime.datetime | None = None
) -> bool:
    """May open the room and read its messages (the socket's handshake asks this).

    Approved members who may enter the community read community and announcement
    rooms; the moderators' room is for moderators; meetup rooms for their participants
    and moderators; a private conversation only for its two members. A member banned
    from a room reads it no more."""
    if not member_may_enter(user):
        return False
    membership = _membership(user, room, membership)
    if is_banned_from(membership):
        return False
    if room.kind == RoomKind.MODERATORS:
        return is_moderator(user)
    if room.kind == RoomKind.DIRECT:
        return membership is not None and membership.is_participant
    if room.kind == RoomKind.MEETUP:
        return (membership is not None and membership.is_participant) or is_moderator(user)
    return True


def post_refusal(
    user: Any, room: Room, membership: Any = UNKNOWN, *, now: datetime.datetime | None = None
) -> ChatError | None:
    """Why `user` may not post in `room` now, or None when they may.

    The checks, in order: may use the community; may read the room; not silenced by a
    sanction; the room is open (not archived, between its opening and closing times);
    announcements only from staff; not muted in this room; in a private conversation,
    neither member has blocked the other."""
    now = _now(now)
    if not member_may_enter(user):
        return ChatError(FORBIDDEN, _("You cannot use the chat right now."))
    membership = _membership(user, room, membership)
    if not can_read_room(user, room, membership, now=now):
        return ChatError(FORBIDDEN, _("You cannot write in this room."))
    if member_is_silenced(user):
        return ChatError(
            SILENCED,
            _("You can read along, but a moderator has paused your writing for now."),
            retry_after=retry_after(getattr(user, "silenced_until", None), now),
        )
    if not room.is_open_at(now):
        if room.is_archived:
            return ChatError(READ_ONLY, _("This room is archived: you can only read it."))
        if room.opens_at is not None and now < room.opens_at:
            return ChatError(
                READ_ONLY,
                _("This room opens at %(time)s.")
                % {"time": timezone.localtime(room.opens_at).strftime("%d-%m-%Y %H:%M")},
            )
        return ChatError(READ_ONLY, _("This room is closed: you can only read it."))
    if room.kind == RoomKind.ANNOUNCEMENTS and not is_community_staff(user):
        return ChatError(
            READ_ONLY, _("Only support workers and moderators write in announcements.")
        )
    until = muted_until(membership, now=now)
    if until is not None:
        return ChatError(
            MUTED,
            _("A moderator has muted you in this room until %(time)s.")
            % {"time": timezone.localtime(until).strftime("%d-%m-%Y %H:%M")},
            retry_after=retry_after(until, now),
        )
    pair = direct_room_member_ids(room)
    if pair is not None and either_blocked(*pair):
        return ChatError(READ_ONLY, _("You can no longer write in this conversation."))
    return None


def can_post_in_room(
    user: Any, room: Room, membership: Any = UNKNOWN, *, now: datetime.datetime | None = None
) -> bool:
    return post_refusal(user, room, membership, now=now) is None


def can_moderate_room(user: Any, room: Room) -> bool:
    """Delete any message, mute, remove, ban, slow mode: moderators (verified), in
    every room but private conversations, which they do not read (a reported private
    message reaches them through the review queue)."""
    return is_moderator(user) and room.kind != RoomKind.DIRECT


def slow_mode_applies(user: Any, room: Room) -> bool:
    """Slow mode limits members; the moderators who set it are not held to it."""
    return bool(room.slow_mode_seconds) and not is_moderator(user)


# --- Messages -------------------------------------------------------------------------


def _is_author(user: Any, message: Message) -> bool:
    return message.author_id is not None and message.author_id == getattr(user, "pk", None)


def message_is_shown(message: Message) -> bool:
    """Its text is shown to the room (not deleted, held or hidden)."""
    return message.deleted_at is None and message.moderation_state == ModerationState.VISIBLE


def can_see_message_text(user: Any, message: Message) -> bool:
    """The text is shown to this reader: a shown message, or the author's own held or
    hidden one (with the moderator's reason). The room's readability is asked apart."""
    if message.deleted_at is not None:
        return False
    return message_is_shown(message) or _is_author(user, message)


def can_edit_message(user: Any, message: Message, *, now: datetime.datetime | None = None) -> bool:
    """Authors change their own message within EDIT_WINDOW while they may post (the
    room's own refusals — muted, closed — the service asks with post_refusal)."""
    if message.deleted_at is not None or not _is_author(user, message):
        return False
    if message.moderation_state == ModerationState.HIDDEN:
        return False
    return member_may_post(user) and _now(now) - message.created_at <= EDIT_WINDOW


def can_delete_message(
    user: Any, message: Message, *, now: datetime.datetime | None = None
) -> bool:
    """Authors take back their own message within EDIT_WINDOW (a silenced member too);
    moderators delete any message in the rooms they moderate."""
    if message.deleted_at is not None:
        return False
    if can_moderate_room(user, message.room) and can_read_room(user, message.room):
        return True
    if not _is_author(user, message) or not member_may_enter(user):
        return False
    return _now(now) - message.created_at <= EDIT_WINDOW


def can_report_message(user: Any, message: Message) -> bool:
    """Members report messages they can read in rooms they can read (silenced members
    too: they can still report harm). Anything else answers like a missing id."""
    if not member_may_enter(user) or _is_author(user, message):
        return False
    if not message_is_shown(message):
        return False
    return can_read_room(user, message.room)


# --- Private conversations -----------------------------------------------------------


def accepts_messages_from_members(other: Any) -> bool:
    """Support workers can always be written to; others when their setting is on.
    About the account, not a session: the recipient need not be online."""
    return bool(getattr(other, "accepts_direct_messages", False)) or (
        Role.SUPPORT_WORKER in role_names(other)
    )


def can_message_directly(user: Any, other: Any) -> bool:
    """May `user` open (or reopen) a private conversation with `other`?"""
    if other is None or getattr(user, "pk", None) is None or user.pk == other.pk:
        return False
    if not (member_may_post(user) and member_may_enter(other)):
        return False
    if not accepts_messages_from_members(other):
        return False
    return not either_blocked(user.pk, other.pk)
