"""Editing and deleting: own messages within 15 minutes, moderators any message; every
change takes the room's next number as the message's change_seq."""

import datetime

import pytest
from django.utils import timezone

from chat import services
from chat.errors import ChatError
from chat.models import Message
from chat.policies import can_delete_message, can_edit_message
from community.audit.models import AuditLog
from tests.chat.factories import frames_to, post
from tests.helpers import unverified


def _age(message: Message, minutes: int) -> Message:
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    message.refresh_from_db()
    return message


def test_an_edit_takes_the_next_number_and_keeps_the_seq(member, other_member, community_room):
    first = post(community_room, member, body="Eerst")
    post(community_room, other_member)

    edited = services.message_edit(actor=member, room=community_room, seq=first.seq, body="Daarna")

    assert (edited.seq, edited.change_seq) == (1, 3)
    assert edited.body == "Daarna"
    assert "Daarna" in edited.body_html
    assert edited.edited_at is not None
    community_room.refresh_from_db()
    assert community_room.last_seq == 3


def test_an_edit_without_change_takes_no_number(member, community_room):
    message = post(community_room, member, body="Zelfde")

    services.message_edit(actor=member, room=community_room, seq=message.seq, body=" Zelfde ")

    community_room.refresh_from_db()
    assert community_room.last_seq == 1


def test_the_edit_window_is_15_minutes(member, community_room):
    message = post(community_room, member)
    now = timezone.now()

    assert can_edit_message(member, message, now=now + datetime.timedelta(minutes=14))
    assert not can_edit_message(member, message, now=now + datetime.timedelta(minutes=16))
    assert not can_delete_message(member, message, now=now + datetime.timedelta(minutes=16))

    _age(message, 16)
    for action in (services.message_edit, services.message_delete):
        kwargs = {"body": "Nieuw"} if action is services.message_edit else {}
        with pytest.raises(ChatError) as caught:
            action(actor=member, room=community_room, seq=message.seq, **kwargs)
        assert caught.value.code == "edit_window_passed"


def test_nobody_edits_someone_elses_message(member, other_member, moderator, community_room):
    message = post(community_room, member)

    for who in (other_member, moderator):
        with pytest.raises(ChatError) as caught:
            services.message_edit(actor=who, room=community_room, seq=message.seq, body="Nee")
        assert caught.value.code == "forbidden"


def test_a_muted_member_cannot_edit(member, moderator, community_room):
    message = post(community_room, member)
    services.room_mute(actor=moderator, room=community_room, member=member, minutes=5, reason="")

    with pytest.raises(ChatError) as caught:
        services.message_edit(actor=member, room=community_room, seq=message.seq, body="Toch")
    assert caught.value.code == "muted"


def test_an_edit_passes_the_same_text_checks(member, community_room):
    message = post(community_room, member)

    with pytest.raises(ChatError) as caught:
        services.message_edit(actor=member, room=community_room, seq=message.seq, body="  ")
    assert caught.value.code == "empty"
    with pytest.raises(ChatError) as caught:
        services.message_edit(
            actor=member, room=community_room, seq=message.seq, body="Bel me: 06-12345678"
        )
    assert caught.value.code == "personal_information"


def test_deleting_leaves_a_numbered_placeholder_without_text(
    member, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Foutje")

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.message_delete(actor=member, room=community_room, seq=message.seq)

    assert (deleted.seq, deleted.change_seq) == (1, 2)
    deleted.refresh_from_db()
    assert deleted.body == deleted.body_html == ""
    assert deleted.deleted_at is not None
    assert frames_to(chat_sent, community_room) == [
        {"type": "message", "message": {"seq": 1, "change_seq": 2, "deleted": True}}
    ]
    assert not AuditLog.objects.filter(action="chat.message.deleted").exists()


def test_deleting_twice_changes_nothing_the_second_time(member, community_room):
    message = post(community_room, member)
    services.message_delete(actor=member, room=community_room, seq=message.seq)

    with pytest.raises(ChatError) as caught:
        services.message_delete(actor=member, room=community_room, seq=message.seq)
    assert caught.value.code == "not_found"
    community_room.refresh_from_db()
    assert community_room.last_seq == 2


def test_a_moderator_deletes_any_message_at_any_age_and_it_is_audited(
    member, moderator, community_room
):
    message = _age(post(community_room, member), 60 * 24)

    services.message_delete(actor=moderator, room=community_room, seq=message.seq)

    message.refresh_from_db()
    assert message.deleted_at is not None
    entry = AuditLog.objects.get(action="chat.message.deleted")
    assert entry.actor == moderator
    assert entry.data == {"room": community_room.pk, "seq": message.seq}


def test_an_unverified_moderator_or_a_member_cannot_delete_others_messages(
    member, other_member, moderator, community_room
):
    message = post(community_room, member)

    for who in (other_member, unverified(moderator)):
        with pytest.raises(ChatError) as caught:
            services.message_delete(actor=who, room=community_room, seq=message.seq)
        assert caught.value.code == "forbidden"


def test_moderators_do_not_delete_in_private_conversations(member, moderator, direct_room):
    message = post(direct_room, member)

    with pytest.raises(ChatError):
        services.message_delete(actor=moderator, room=direct_room, seq=message.seq)


def test_a_silenced_author_may_still_take_a_message_back(member, community_room):
    message = post(community_room, member)
    member.silenced_until = timezone.now() + datetime.timedelta(days=1)

    services.message_delete(actor=member, room=community_room, seq=message.seq)

    message.refresh_from_db()
    assert message.deleted_at is not None


def test_an_unknown_number_is_not_found(member, community_room):
    with pytest.raises(ChatError) as caught:
        services.message_edit(actor=member, room=community_room, seq=99, body="x")
    assert caught.value.code == "not_found"
