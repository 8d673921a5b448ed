"""What the room offers and what the services do never disagree: for every kind of
account and every kind of room, `can_read_room` is what room_for_member answers and
`can_post_in_room` (the room frame's `can_post`) is whether message_post stores."""

import datetime

import pytest
from django.utils import timezone

from chat import selectors, services
from chat.errors import ChatError
from chat.frames import room_payload
from chat.models import RoomKind
from tests.chat.factories import RoomFactory, participant_add
from tests.factories import (
    ModeratorFactory,
    PendingUserFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
    trusted,
)
from tests.helpers import unverified

ACCOUNTS = {
    "member": lambda: TrustedMemberFactory(),
    "pending": lambda: PendingUserFactory(),
    "suspended": lambda: TrustedMemberFactory(
        suspended_until=timezone.now() + datetime.timedelta(days=1)
    ),
    "silenced": lambda: TrustedMemberFactory(
        silenced_until=timezone.now() + datetime.timedelta(days=1)
    ),
    "moderator": lambda: ModeratorFactory(),
    "unverified moderator": lambda: trusted(unverified(ModeratorFactory())),
    "support worker": lambda: SupportWorkerFactory(),
}

# Who reads and who writes, per room: the rules of issue 9 written out as a table.
READS = {
    "community": {"member", "silenced", "moderator", "unverified moderator", "support worker"},
    "announcements": {
        "member",
        "silenced",
        "moderator",
        "unverified moderator",
        "support worker",
    },
    "moderators": {"moderator"},
    "meetup, not a participant": {"moderator"},
    "meetup, a participant": {
        "member",
        "silenced",
        "moderator",
        "unverified moderator",
        "support worker",
    },
    "archived": {"member", "silenced", "moderator", "unverified moderator", "support worker"},
}
WRITES = {
    "community": {"member", "moderator", "unverified moderator", "support worker"},
    "announcements": {"moderator", "support worker"},
    "moderators": {"moderator"},
    "meetup, not a participant": {"moderator"},
    "meetup, a participant": {"member", "moderator", "unverified moderator", "support worker"},
    "archived": set(),
}


def _room(kind: str, account):
    if kind == "community":
        return RoomFactory()
    if kind == "announcements":
        return RoomFactory(kind=RoomKind.ANNOUNCEMENTS)
    if kind == "moderators":
        return RoomFactory(kind=RoomKind.MODERATORS)
    if kind == "archived":
        return RoomFactory(is_archived=True)
    room = RoomFactory(kind=RoomKind.MEETUP)
    if kind == "meetup, a participant":
        participant_add(room, account)
    return room


@pytest.mark.parametrize("room_kind", list(READS))
@pytest.mark.parametrize("account_kind", list(ACCOUNTS))
def test_the_offer_and_the_service_agree(db, account_kind, room_kind):
    account = ACCOUNTS[account_kind]()
    room = _room(room_kind, account)

    readable = selectors.room_for_member(member=account, slug=room.slug) is not None
    offered = room_payload(room, user=account)["can_post"]
    try:
        services.message_post(actor=account, room=room, body="Hallo", client_id="agree")
        stored = True
    except ChatError:
        stored = False

    assert readable == (account_kind in READS[room_kind])
    assert offered == stored == (account_kind in WRITES[room_kind])
