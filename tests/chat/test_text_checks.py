"""Watched words, the personal-information guard and held messages in chat: the same
moderation toolkit as the forum, the same review queue."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from chat import services
from chat.errors import ChatError
from chat.frames import message_payload
from chat.models import Message
from community.moderation.models import ModerationState, ReviewItem, WatchedWord
from community.moderation.services import content_approve
from tests.chat.factories import frames_to, post


def _open_review(message: Message) -> ReviewItem | None:
    return ReviewItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Message),
        object_id=str(message.pk),
        status=ReviewItem.Status.OPEN,
    ).first()


def test_a_blocked_word_refuses_the_message(member, community_room):
    WatchedWord.objects.create(word="verboden", action=WatchedWord.Action.BLOCK)

    with pytest.raises(ChatError) as caught:
        post(community_room, member, body="Dit is verboden")

    assert caught.value.code == "watched_word"
    assert not Message.objects.exists()


def test_a_censored_word_is_replaced(member, community_room):
    WatchedWord.objects.create(word="stom", action=WatchedWord.Action.CENSOR, replacement="***")

    message = post(community_room, member, body="Wat stom")

    assert message.body == "Wat ***"
    assert "stom" not in message.body_html


def test_personal_information_asks_first_with_plain_findings(member, community_room):
    with translation.override("en"), pytest.raises(ChatError) as caught:
        post(community_room, member, body="Bel me op 06-12345678")

    assert caught.value.code == "personal_information"
    assert caught.value.findings == ["Phone number: 06-12345678"]
    assert all(isinstance(finding, str) for finding in caught.value.findings)
    assert not Message.objects.exists()


def test_personal_information_sent_anyway_is_held_for_review(
    member, other_member, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = post(community_room, member, body="Bel me op 06-12345678", post_anyway=True)

    assert message.moderation_state == ModerationState.HELD
    assert _open_review(message) is not None
    # The room sees a placeholder in the message's place; the author sees their own.
    (frame,) = frames_to(chat_sent, community_room)
    assert frame["message"] == {"seq": 1, "change_seq": 1, "deleted": True}
    own = message_payload(message, viewer=member)
    assert own["moderation_state"] == "held"
    assert "06-12345678" in own["html"]
    assert message_payload(message, viewer=other_member)["deleted"] is True


def test_a_held_word_holds_the_message(member, community_room):
    WatchedWord.objects.create(word="afspraakje", action=WatchedWord.Action.HOLD)

    message = post(community_room, member, body="Zin in een afspraakje?")

    assert message.moderation_state == ModerationState.HELD
    assert _open_review(message) is not None


def test_a_new_members_first_messages_wait_for_a_moderator(new_member, community_room):
    message = post(community_room, new_member, body="Hoi, ik ben nieuw")

    assert message.moderation_state == ModerationState.HELD


def test_an_approved_held_message_appears_in_the_room_with_a_new_number(
    member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Mijn nummer: 06-12345678", post_anyway=True)

    with django_capture_on_commit_callbacks(execute=True):
        content_approve(message, actor=moderator)

    message.refresh_from_db()
    assert message.moderation_state == ModerationState.VISIBLE
    assert message.change_seq == 2
    (frame,) = frames_to(chat_sent, community_room)
    assert frame["message"]["seq"] == 1
    assert frame["message"]["change_seq"] == 2
    assert "06-12345678" in frame["message"]["html"]


def test_editing_in_a_held_word_sends_the_message_back_to_the_queue(member, community_room):
    WatchedWord.objects.create(word="afspraakje", action=WatchedWord.Action.HOLD)
    message = post(community_room, member, body="Gewoon")

    services.message_edit(
        actor=member, room=community_room, seq=message.seq, body="Een afspraakje dan?"
    )

    message.refresh_from_db()
    assert message.moderation_state == ModerationState.HELD
    assert message.change_seq == 2
    assert _open_review(message) is not None
