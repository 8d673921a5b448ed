"""The JSON objects of chat/PROTOCOL.md, built in one place for the socket, the catch-up
selectors and the pages.

A message's frame is built once per change and sent to every socket in the room, so it
holds nothing that depends on the reader. `html` is the one sanitiser's stored output
(community.text.render_markdown, written when the message was saved); author names
and reply excerpts are plain text, which clients insert as text.
"""

import datetime
from typing import Any

from django.utils import timezone

from chat.models import Message, Room, RoomKind
from chat.policies import UNKNOWN, direct_room_member_ids, message_is_shown, post_refusal
from community.models import User
from community.policies import role_names
from community.privacy.constants import FORMER_MEMBER_LABEL
from community.privacy.selectors import is_former_member
from community.roles import Role
from community.text import markdown_to_text

SUPPORT_BADGE = "support"
MODERATOR_BADGE = "moderator"
REPLY_EXCERPT_LENGTH = 120


def timestamp(moment: datetime.datetime | None) -> str | None:
    """UTC, to the second, with "Z" (PROTOCOL.md)."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def badge_from_roles(names: frozenset[str] | set[str]) -> str | None:
    """The badge shown with a name: the account's role, whether or not its session is
    verified (it tells readers who they are talking to). Support first: members look
    for the verified support worker."""
    if Role.SUPPORT_WORKER in names:
        return SUPPORT_BADGE
    if Role.MODERATOR in names:
        return MODERATOR_BADGE
    return None


def author_badge(author: User) -> str | None:
    """Selectors set `_chat_badge` for a page of messages in one query (see
    chat.selectors.badges_attach); otherwise the account's roles are read."""
    badge = getattr(author, "_chat_badge", UNKNOWN)
    if badge is UNKNOWN:
        badge = badge_from_roles(role_names(author))
        author._chat_badge = badge
    return badge


def author_payload(author: User | None) -> dict[str, Any] | None:
    if author is None:
        return None
    if is_former_member(author):
        return {"id": None, "name": str(FORMER_MEMBER_LABEL), "badge": None}
    return {"id": author.pk, "name": author.username, "badge": author_badge(author)}


def _name(author: User | None) -> str:
    if author is None or is_former_member(author):
        return str(FORMER_MEMBER_LABEL)
    return author.username


def reply_payload(message: Message) -> dict[str, Any] | None:
    """Who and what a message answers, as plain text, read from the answered row at
    the time of reading (a reference: its edit, deletion or purge reaches the reply)."""
    if message.reply_to_id is None:
        return None
    target = message.reply_to
    if target is None or not message_is_shown(target):
        seq = target.seq if target is not None else None
        return {"seq": seq, "name": None, "excerpt": None, "deleted": True}
    return {
        "seq": target.seq,
        "name": _name(target.author),
        "excerpt": markdown_to_text(target.body, max_length=REPLY_EXCERPT_LENGTH),
        "deleted": False,
    }


def tombstone(message: Message) -> dict[str, Any]:
    """A deleted, hidden or held message: its place in the room and nothing else."""
    return {"seq": message.seq, "change_seq": message.change_seq, "deleted": True}


def message_payload(message: Message, *, viewer: Any = None) -> dict[str, Any]:
    """The PROTOCOL "message" object. Without `viewer` (room broadcasts, catch-up for
    everyone) a message that is not shown is a tombstone; with `viewer` its author
    also gets their own held or hidden message, marked, with the moderator's reason."""
    own = (
        viewer is not None
        and message.author_id is not None
        and message.author_id == getattr(viewer, "pk", None)
    )
    if message.deleted_at is not None or not (message_is_shown(message) or own):
        return tombstone(message)
    payload: dict[str, Any] = {
        "seq": message.seq,
        "change_seq": message.change_seq,
        "author": author_payload(message.author),
        "html": message.body_html,
        "created_at": timestamp(message.created_at),
        "edited_at": timestamp(message.edited_at),
        "deleted": False,
        "reply_to": reply_payload(message),
        "client_id": message.client_id or None,
    }
    if not message_is_shown(message):
        payload["moderation_state"] = message.moderation_state
        payload["moderation_reason"] = message.moderation_reason
    return payload


def direct_room_other(room: Room, user: Any) -> User | None:
    """The other member of a private conversation (one query)."""
    pair = direct_room_member_ids(room)
    if pair is None:
        return None
    other_id = pair[1] if pair[0] == getattr(user, "pk", None) else pair[0]
    return User.objects.filter(pk=other_id).only("pk", "username").first()


def room_public_payload(room: Room) -> dict[str, Any]:
    """The part of the PROTOCOL "room" object that is the same for every reader (sent
    to the room group when slow mode or opening times change; each socket adds
    `can_post` and `read_only_reason` for its member with room_payload)."""
    return {
        "slug": room.slug,
        "name": room.name,
        "kind": room.kind,
        "last_seq": room.last_seq,
        "slow_mode_seconds": room.slow_mode_seconds,
    }


def room_payload(
    room: Room,
    *,
    user: Any,
    membership: Any = UNKNOWN,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The PROTOCOL "room" object for one reader. A private conversation is named
    after the other member."""
    refusal = post_refusal(user, room, membership, now=now or timezone.now())
    payload = room_public_payload(room)
    if room.kind == RoomKind.DIRECT:
        payload["name"] = _name(direct_room_other(room, user))
    payload.update(
        can_post=refusal is None,
        read_only_reason=refusal.message if refusal is not None else None,
        read_only_code=refusal.code if refusal is not None else None,
    )
    return payload
