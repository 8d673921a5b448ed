"""Copies of room events for open sockets, sent only after the database commit.

Services call `room_event` inside their transaction; the frame reaches the channel
layer after commit, so a client never sees a message the database does not have.
A frame lost on the way is recovered by the client from the database (PROTOCOL.md).
"""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from community.moderation.realtime import member_group_name


def room_group_name(room_id: int) -> str:
    return f"chat-room-{room_id}"


def room_event(room_id: int, frame: dict[str, Any]) -> None:
    """After commit, send `frame` (a server frame of PROTOCOL.md) to the room's sockets."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                room_group_name(room_id), {"type": "chat.frame", "frame": frame}
            )

    transaction.on_commit(send)


def member_room_event(member_id: int, room_id: int, event: str, **data: Any) -> None:
    """After commit, tell one member's sockets in one room about a change that concerns
    them (muted, removed, banned): `event` is "muted", "removed" or "banned"."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(
                member_group_name(member_id),
                {"type": "chat.member", "room_id": room_id, "event": event, "data": data},
            )

    transaction.on_commit(send)
