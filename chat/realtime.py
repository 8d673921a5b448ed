"""Copies of room events for open sockets, sent only after the database commit.

Services call `room_event` inside their transaction; the frame reaches the channel
layer after commit, so a client never sees a message the database does not have.
A frame lost on the way is recovered by the client from the database (PROTOCOL.md).

Each process's relay (chat.fanout) receives a room event once, encodes its frame to
JSON text once, and hands that same text to each of its sockets in the room, instead
of every socket receiving and encoding its own copy.
"""

import json
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from community.moderation.realtime import member_group_name

# Event types on a room's group (read by chat.fanout, once per process).
ROOM_FRAME = "chat.frame"  # "frame": a server frame for every socket in the room
ROOM_CHANGED = "chat.room"  # the room's settings changed: each socket re-reads its "room"
ROOM_PRESENCE = "chat.presence"  # one process's count of open sockets in the room

# Event type on a member's group (read by each of the member's consumers).
MEMBER_EVENT = "chat.member"


def room_group_name(room_id: int) -> str:
    return f"chat-room-{room_id}"


def encode_frame(frame: dict[str, Any]) -> str:
    """A server frame as the text a socket sends (compact, UTF-8 kept as is)."""
    return json.dumps(frame, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def room_frame_event(room_id: int, frame: dict[str, Any], *, origin: str = "") -> dict[str, Any]:
    """The channel-layer event that brings `frame` to the room's sockets; `origin`, a
    socket id, is the one socket that must not get it (its own typing notice)."""
    event: dict[str, Any] = {"type": ROOM_FRAME, "room_id": room_id, "frame": frame}
    if origin:
        event["origin"] = origin
    return event


def _send_after_commit(group: str, event: dict[str, Any]) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, event)

    transaction.on_commit(send)


def room_event(room_id: int, frame: dict[str, Any]) -> None:
    """After commit, send `frame` (a server frame of PROTOCOL.md) to the room's sockets."""
    _send_after_commit(room_group_name(room_id), room_frame_event(room_id, frame))


def room_changed_event(room_id: int) -> None:
    """After commit, tell the room's sockets that the room's settings changed (slow
    mode, opening times, archived): each sends its member a fresh "room" frame, since
    what a member may do there differs per member."""
    _send_after_commit(room_group_name(room_id), {"type": ROOM_CHANGED, "room_id": room_id})


def member_room_event(member_id: int, room_id: int, event: str, **data: Any) -> None:
    """After commit, tell one member's sockets in one room about a change that concerns
    them (muted, removed, banned): `event` is "muted", "unmuted", "removed" or
    "banned"."""
    # Through JSON: dates become text, which every channel layer can carry.
    plain = json.loads(encode_frame(data))
    _send_after_commit(
        member_group_name(member_id),
        {"type": MEMBER_EVENT, "room_id": room_id, "event": event, "data": plain},
    )
