"""Chat test data: rooms, and messages posted through the real service."""

import itertools

import factory

from chat import realtime, services
from chat.models import Room, RoomKind, RoomMembership

__all__ = ["RoomFactory", "frames_to", "member_events", "participant_add", "post"]

_client_ids = itertools.count(1)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    kind = RoomKind.COMMUNITY
    name = factory.Sequence(lambda n: f"Kamer {n}")
    slug = factory.Sequence(lambda n: f"kamer-{n}")
    description = "Even bijpraten."


def participant_add(room: Room, *members) -> None:
    """Give `members` a participant's place in a meetup or private room."""
    for member in members:
        RoomMembership.objects.update_or_create(
            room=room, member=member, defaults={"is_participant": True}
        )


def post(room: Room, author, body: str = "Hallo allemaal", **kwargs):
    """A message through message_post, with a fresh client id; returns the Message."""
    kwargs.setdefault("client_id", f"t{next(_client_ids)}")
    return services.message_post(actor=author, room=room, body=body, **kwargs).message


def frames_to(sent, room) -> list[dict]:
    """The frames sent to `room`'s group (from the `chat_sent` fixture), in order."""
    group = realtime.room_group_name(room.pk)
    return [event["frame"] for name, event in sent if name == group]


def member_events(sent, member) -> list[dict]:
    """The chat.member events sent to one member's sockets."""
    group = realtime.member_group_name(member.pk)
    return [event for name, event in sent if name == group and event["type"] == "chat.member"]
