"""Being in a room (joining, reading) and a moderator's measures there: mute, remove,
ban, slow mode. Each measure is atomic, safe to repeat (a repeat changes nothing and
writes no second audit entry) and tells the member's open sockets after the commit
(chat.realtime.member_room_event), so the consumer can close a removed or banned
member's socket (close code 4003) or update what a muted member may do."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Subquery, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from chat.errors import BAD_FRAME, FORBIDDEN, NOT_FOUND, ChatError
from chat.frames import room_public_payload, timestamp
from chat.models import Room, RoomMembership
from chat.policies import can_moderate_room, can_read_room
from chat.realtime import member_room_event, room_event
from community.audit.services import audit_record
from community.models import User

# A mute is for minutes to a month; slow mode for up to an hour between messages.
MUTE_MAX_MINUTES = 60 * 24 * 30
SLOW_MODE_MAX_SECONDS = 60 * 60
# Muting again for "the same period" a little later ends within this of the first
# end: a repeat (a double click), not a new measure.
MUTE_REPEAT_TOLERANCE = timedelta(minutes=1)


def room_join(*, member: User, room: Room) -> RoomMembership:
    """The member's row in a room they may read, created on their first visit with
    everything so far counted as read (their unread count starts now)."""
    if not can_read_room(member, room):
        raise ChatError(NOT_FOUND, _("This room does not exist or is not open to you."))
    membership, _created = RoomMembership.objects.get_or_create(
        room=room, member=member, defaults={"last_read_seq": room.last_seq}
    )
    return membership


def room_read_mark(*, member: User, room: Room, seq: int) -> None:
    """The member has seen the room up to `seq` (never beyond the room's counter, and
    never backwards). One UPDATE in the usual case."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise ChatError(BAD_FRAME, _("That is not a message number."))
    counter = Room.objects.filter(pk=room.pk).values("last_seq")[:1]
    updated = RoomMembership.objects.filter(
        room=room, member_id=member.pk, last_read_seq__lt=seq
    ).update(last_read_seq=Least(Value(seq), Subquery(counter)))
    if updated or RoomMembership.objects.filter(room=room, member_id=member.pk).exists():
        return
    room_join(member=member, room=room)
    RoomMembership.objects.filter(room=room, member_id=member.pk, last_read_seq__lt=seq).update(
        last_read_seq=Least(Value(seq), Subquery(counter))
    )


# --- Moderators' measures -------------------------------------------------------------


def _require_moderator(*, actor: User, room: Room, member: User | None = None) -> None:
    if not can_moderate_room(actor, room):
        raise ChatError(FORBIDDEN, _("Only moderators can do this here."))
    if member is not None and member.pk == actor.pk:
        raise ChatError(FORBIDDEN, _("Another moderator decides about you."))


def _membership_locked(*, room: Room, member: User) -> RoomMembership:
    membership, _created = RoomMembership.objects.get_or_create(room=room, member=member)
    return RoomMembership.objects.select_for_update().get(pk=membership.pk)


@transaction.atomic
def room_mute(*, actor: User, room: Room, member: User, minutes: int, reason: str) -> bool:
    """The member reads but cannot write in this room for `minutes`. Muting again
    for the same period is a repeat; a different period replaces the first."""
    _require_moderator(actor=actor, room=room, member=member)
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ChatError(BAD_FRAME, _("Give the mute's length in minutes."))
    if not 1 <= minutes <= MUTE_MAX_MINUTES:
        raise ChatError(
            BAD_FRAME,
            _("A mute lasts 1 to %(limit)s minutes.") % {"limit": MUTE_MAX_MINUTES},
        )
    now = timezone.now()
    until = now + timedelta(minutes=minutes)
    membership = _membership_locked(room=room, member=member)
    current = membership.muted_until
    if current is not None and current > now and abs(current - until) <= MUTE_REPEAT_TOLERANCE:
        return False
    membership.muted_until = until
    membership.save(update_fields=["muted_until"])
    audit_record(
        actor=actor,
        action="chat.member.muted",
        target=member,
        reason=reason,
        data={"room": room.pk, "minutes": minutes},
    )
    member_room_event(member.pk, room.pk, "muted", until=timestamp(until), reason=reason)
    return True


@transaction.atomic
def room_unmute(*, actor: User, room: Room, member: User, reason: str) -> bool:
    _require_moderator(actor=actor, room=room, member=member)
    membership = _membership_locked(room=room, member=member)
    if membership.muted_until is None or membership.muted_until <= timezone.now():
        if membership.muted_until is not None:
            membership.muted_until = None
            membership.save(update_fields=["muted_until"])
        return False
    membership.muted_until = None
    membership.save(update_fields=["muted_until"])
    audit_record(
        actor=actor,
        action="chat.member.unmuted",
        target=member,
        reason=reason,
        data={"room": room.pk},
    )
    member_room_event(member.pk, room.pk, "unmuted")
    return True


@transaction.atomic
def room_remove(*, actor: User, room: Room, member: User, reason: str) -> bool:
    """Send the member out of the room: their sockets there close. In a meetup room
    they are no longer a participant (a repeat changes nothing); a community room
    they may enter again (each removal is its own measure)."""
    _require_moderator(actor=actor, room=room, member=member)
    if room.has_participants:
        membership = RoomMembership.objects.filter(room=room, member=member).first()
        if membership is None or not membership.is_participant:
            return False
        membership.is_participant = False
        membership.save(update_fields=["is_participant"])
    audit_record(
        actor=actor,
        action="chat.member.removed",
        target=member,
        reason=reason,
        data={"room": room.pk},
    )
    member_room_event(member.pk, room.pk, "removed", reason=reason)
    return True


@transaction.atomic
def room_ban(*, actor: User, room: Room, member: User, reason: str) -> bool:
    """The member can no longer open or read the room; their sockets there close."""
    _require_moderator(actor=actor, room=room, member=member)
    membership = _membership_locked(room=room, member=member)
    if membership.banned_at is not None:
        return False
    membership.banned_at = timezone.now()
    membership.is_participant = False
    membership.save(update_fields=["banned_at", "is_participant"])
    audit_record(
        actor=actor,
        action="chat.member.banned",
        target=member,
        reason=reason,
        data={"room": room.pk},
    )
    member_room_event(member.pk, room.pk, "banned", reason=reason)
    return True


@transaction.atomic
def room_unban(*, actor: User, room: Room, member: User, reason: str) -> bool:
    """The member may open the room again (a meetup's participant list is the
    meetup's to restore)."""
    _require_moderator(actor=actor, room=room, member=member)
    membership = RoomMembership.objects.select_for_update().filter(room=room, member=member).first()
    if membership is None or membership.banned_at is None:
        return False
    membership.banned_at = None
    membership.save(update_fields=["banned_at"])
    audit_record(
        actor=actor,
        action="chat.member.unbanned",
        target=member,
        reason=reason,
        data={"room": room.pk},
    )
    return True


@transaction.atomic
def room_slow_mode_set(*, actor: User, room: Room, seconds: int, reason: str = "") -> bool:
    """Members may send one message per `seconds` in this room (0: off); moderators
    are not held to it. Open screens hear of it with a `room` frame."""
    _require_moderator(actor=actor, room=room)
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise ChatError(BAD_FRAME, _("Give slow mode in seconds."))
    if not 0 <= seconds <= SLOW_MODE_MAX_SECONDS:
        raise ChatError(
            BAD_FRAME,
            _("Slow mode is 0 to %(limit)s seconds.") % {"limit": SLOW_MODE_MAX_SECONDS},
        )
    fresh = Room.objects.select_for_update().get(pk=room.pk)
    if fresh.slow_mode_seconds == seconds:
        room.slow_mode_seconds = seconds
        return False
    Room.objects.filter(pk=room.pk).update(slow_mode_seconds=seconds)
    room.slow_mode_seconds = seconds
    room.last_seq = fresh.last_seq
    audit_record(
        actor=actor,
        action="chat.room.slow_mode_set",
        target=room,
        reason=reason,
        data={"seconds": seconds},
    )
    room_event(room.pk, {"type": "room", "room": room_public_payload(room)})
    return True


# --- Who is in a meetup's room --------------------------------------------------------


@transaction.atomic
def room_participants_set(*, room: Room, members: Iterable[Any]) -> None:
    """Make `members` the room's participants (a meetup's hosts and RSVPs): new ones
    are added, those no longer listed lose access and their sockets there close.
    A member banned from the room stays banned."""
    wanted = {member.pk for member in members}
    rows = {row.member_id: row for row in RoomMembership.objects.filter(room=room)}
    for member_id in wanted:
        row = rows.get(member_id)
        if row is None:
            RoomMembership.objects.create(room=room, member_id=member_id, is_participant=True)
        elif not row.is_participant:
            RoomMembership.objects.filter(pk=row.pk).update(is_participant=True)
    leaving = [
        member_id
        for member_id, row in rows.items()
        if row.is_participant and member_id not in wanted
    ]
    if leaving:
        RoomMembership.objects.filter(room=room, member_id__in=leaving).update(is_participant=False)
        for member_id in leaving:
            member_room_event(member_id, room.pk, "removed")
