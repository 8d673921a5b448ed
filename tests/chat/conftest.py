"""Chat fixtures: one room of each kind, and what the services broadcast.

community_room      an ordinary room every member reads and writes
announcement_room   members read, staff (support workers, moderators) write
moderators_room     moderators only
meetup_room         participants (and moderators) only; empty at first
direct_room         the private conversation of `member` and `other_member`
                    (other_member accepts private messages)
chat_sent           what chat.realtime sends to the channel layer, as
                    (group, event) pairs; frames reach it after commit, so post
                    inside `django_capture_on_commit_callbacks(execute=True)`
                    and read it afterwards (tests.chat.factories.frames_to)
"""

import pytest

from chat import realtime
from chat.models import RoomKind
from chat.services import direct_room_open
from tests.chat.factories import RoomFactory


@pytest.fixture
def community_room(db):
    return RoomFactory(name="Koffiekamer", slug="koffiekamer")


@pytest.fixture
def announcement_room(db):
    return RoomFactory(name="Mededelingen", slug="mededelingen", kind=RoomKind.ANNOUNCEMENTS)


@pytest.fixture
def moderators_room(db):
    return RoomFactory(
        name="Moderatoren", slug="moderatoren", kind=RoomKind.MODERATORS, retention_days=None
    )


@pytest.fixture
def meetup_room(db):
    return RoomFactory(name="Online avond", slug="online-avond", kind=RoomKind.MEETUP)


@pytest.fixture
def direct_room(member, other_member):
    other_member.accepts_direct_messages = True
    other_member.save(update_fields=["accepts_direct_messages"])
    return direct_room_open(actor=member, other=other_member)


class _Layer:
    """Stands in for the channel layer: records what group_send is given."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    async def group_send(self, group: str, message: dict) -> None:
        self.sent.append((group, message))


@pytest.fixture
def chat_sent(monkeypatch):
    layer = _Layer()
    monkeypatch.setattr(realtime, "get_channel_layer", lambda: layer)
    return layer.sent
