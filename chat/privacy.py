"""Chat's part of a member's data export and account deletion (registered with
community.registries.member_data in chat.apps).

Erasure keeps each message's row as a numbered placeholder without text or author,
as a deletion does: the room's numbers stay whole, a reply to an erased message says
it is no longer available, and open screens and reconnecting clients drop the text
through the usual change numbers.
"""

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from chat.frames import timestamp, tombstone
from chat.models import Message, RoomMembership
from chat.realtime import room_event
from chat.services.counter import seq_next
from community.models import User


def chat_member_export(member: User) -> dict[str, Any]:
    return {
        "messages": [
            {
                "room": message.room.name,
                "seq": message.seq,
                "text": message.body,
                "created_at": timestamp(message.created_at),
                "edited_at": timestamp(message.edited_at),
                "deleted": message.deleted_at is not None,
                "moderation_state": message.moderation_state,
            }
            for message in Message.objects.filter(author=member)
            .select_related("room")
            .order_by("created_at", "pk")
        ],
        "rooms": [
            {
                "room": membership.room.name,
                "joined_at": timestamp(membership.joined_at),
                "last_read": membership.last_read_seq,
                "muted_until": timestamp(membership.muted_until),
                "banned": membership.banned_at is not None,
            }
            for membership in RoomMembership.objects.filter(member=member)
            .select_related("room")
            .order_by("joined_at", "pk")
        ],
    }


@transaction.atomic
def chat_member_erase(member: User) -> None:
    """Every message the member wrote becomes a placeholder: text and author gone,
    each change numbered so that clients drop it. Their room rows go."""
    now = timezone.now()
    by_room: dict[int, list[Message]] = defaultdict(list)
    for message in Message.objects.filter(author=member).order_by("room_id", "seq"):
        by_room[message.room_id].append(message)
    for room_id, messages in by_room.items():
        last = seq_next(room_id=room_id, count=len(messages))
        for number, message in enumerate(messages, start=last - len(messages) + 1):
            message.change_seq = number
            message.author = None
            message.client_id = ""
            message.body = ""
            message.body_html = ""
            message.deleted_at = message.deleted_at or now
        Message.objects.bulk_update(
            messages, ["change_seq", "author", "client_id", "body", "body_html", "deleted_at"]
        )
        for message in messages:
            room_event(room_id, {"type": "message", "message": tombstone(message)})
    RoomMembership.objects.filter(member=member).delete()


@transaction.atomic
def chat_member_anonymise(member: User, former_member: User) -> None:
    """Keep what the member wrote, shown as "former member". The client ids go too:
    they were the member's, and two members' ids may be the same."""
    Message.objects.filter(author=member).update(author=former_member, client_id="")
    RoomMembership.objects.filter(member=member).delete()
