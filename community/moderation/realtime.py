"""Real-time signals from moderation to open connections (chat consumers join these groups)."""

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

MEMBER_SANCTIONED = "member.sanctioned"


def member_group_name(user_id: int) -> str:
    """The channel-layer group every open connection of one member joins."""
    return f"member-{user_id}"


def broadcast_member_sanctioned(*, user_id: int, kind: str, ends_at: str | None) -> None:
    """After commit, tell the member's open connections; consumers close on suspension/ban."""
    message: dict[str, Any] = {"type": MEMBER_SANCTIONED, "kind": kind, "ends_at": ends_at}

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(member_group_name(user_id), message)

    transaction.on_commit(send)
