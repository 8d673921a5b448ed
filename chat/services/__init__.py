"""Writes for chat. Import from here: `from chat.services import message_post`.

Every function checks its rule in chat.policies, raises chat.errors.ChatError on a
refusal, writes in one transaction and broadcasts through chat.realtime after commit.
"""

from chat.services.direct import direct_room_open
from chat.services.messages import (
    Posted,
    message_delete,
    message_edit,
    message_edit_by_moderator,
    message_post,
    message_purge,
    message_state_changed,
)
from chat.services.retention import messages_expired_purge
from chat.services.rooms import (
    room_ban,
    room_join,
    room_mute,
    room_participants_set,
    room_read_mark,
    room_remove,
    room_slow_mode_set,
    room_unban,
    room_unmute,
)

__all__ = [
    "Posted",
    "direct_room_open",
    "message_delete",
    "message_edit",
    "message_edit_by_moderator",
    "message_post",
    "message_purge",
    "message_state_changed",
    "messages_expired_purge",
    "room_ban",
    "room_join",
    "room_mute",
    "room_participants_set",
    "room_read_mark",
    "room_remove",
    "room_slow_mode_set",
    "room_unban",
    "room_unmute",
]
