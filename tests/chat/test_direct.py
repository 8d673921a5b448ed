"""Private conversations (issue 9 §2) and a meetup room's participants."""

import datetime
import re

import pytest
from django.utils import timezone

from chat import services
from chat.errors import ChatError
from chat.models import Room, RoomKind, RoomMembership
from chat.policies import can_message_directly, can_read_room
from community.models import Block
from tests.chat.factories import member_events, post
from tests.factories import PendingUserFactory, SupportWorkerFactory, TrustedMemberFactory


@pytest.fixture
def open_to_messages(db):
    return TrustedMemberFactory(accepts_direct_messages=True)


def test_opening_makes_one_room_for_the_two_and_reopening_finds_it(member, open_to_messages):
    room = services.direct_room_open(actor=member, other=open_to_messages)

    assert room.kind == RoomKind.DIRECT
    low, high = sorted((member.pk, open_to_messages.pk))
    assert room.direct_key == f"{low}-{high}"
    # A random address: it does not say who talks.
    assert re.fullmatch(r"p-[0-9a-f]{16}", room.slug)
    assert set(
        RoomMembership.objects.filter(room=room, is_participant=True).values_list(
            "member_id", flat=True
        )
    ) == {member.pk, open_to_messages.pk}
    # Either of the two opens the same conversation again.
    open_to_messages.accepts_direct_messages = False
    member.accepts_direct_messages = True
    assert services.direct_room_open(actor=open_to_messages, other=member) == room
    assert Room.objects.filter(kind=RoomKind.DIRECT).count() == 1


def test_private_messages_are_off_by_default(member, other_member):
    assert other_member.accepts_direct_messages is False
    assert not can_message_directly(member, other_member)
    with pytest.raises(ChatError) as caught:
        services.direct_room_open(actor=member, other=other_member)
    assert caught.value.code == "forbidden"
    assert not Room.objects.exists()


def test_support_workers_can_always_be_written_to(member):
    worker = SupportWorkerFactory()

    assert worker.accepts_direct_messages is False
    room = services.direct_room_open(actor=member, other=worker)
    assert can_read_room(worker, room)


@pytest.mark.parametrize("who_blocks", ["recipient", "sender"])
def test_a_block_either_way_refuses_a_new_conversation(member, open_to_messages, who_blocks):
    if who_blocks == "recipient":
        Block.objects.create(blocker=open_to_messages, blocked=member)
    else:
        Block.objects.create(blocker=member, blocked=open_to_messages)

    with pytest.raises(ChatError) as caught:
        services.direct_room_open(actor=member, other=open_to_messages)
    assert caught.value.code == "forbidden"


def test_accounts_not_in_good_standing_have_no_private_conversations(member, open_to_messages):
    pending = PendingUserFactory(accepts_direct_messages=True)
    suspended = TrustedMemberFactory(
        accepts_direct_messages=True,
        suspended_until=timezone.now() + datetime.timedelta(days=1),
    )

    assert not can_message_directly(member, pending)
    assert not can_message_directly(member, suspended)
    assert not can_message_directly(suspended, open_to_messages)
    assert not can_message_directly(member, member)
    member.silenced_until = timezone.now() + datetime.timedelta(days=1)
    assert not can_message_directly(member, open_to_messages)


def test_after_a_block_neither_writes_but_both_still_read(member, open_to_messages):
    room = services.direct_room_open(actor=member, other=open_to_messages)
    post(room, member, body="Hoi!")
    Block.objects.create(blocker=member, blocked=open_to_messages)

    for who in (member, open_to_messages):
        assert can_read_room(who, room)
        with pytest.raises(ChatError) as caught:
            post(room, who)
        assert caught.value.code == "read_only"
    # The refusal is the same whoever blocked, so nobody learns they were blocked.


def test_participants_set_adds_and_removes_and_closes_the_removed_sockets(
    member, other_member, meetup_room, chat_sent, django_capture_on_commit_callbacks
):
    third = TrustedMemberFactory()
    services.room_participants_set(room=meetup_room, members=[member, other_member])
    assert can_read_room(member, meetup_room)
    assert can_read_room(other_member, meetup_room)

    with django_capture_on_commit_callbacks(execute=True):
        services.room_participants_set(room=meetup_room, members=[member, third])

    assert can_read_room(third, meetup_room)
    assert not can_read_room(other_member, meetup_room)
    assert [e["event"] for e in member_events(chat_sent, other_member)] == ["removed"]
    assert member_events(chat_sent, member) == []
