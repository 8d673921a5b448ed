"""Posting a message: who may, the room's counter, idempotent retries, replies,
Markdown through the one sanitiser, and the frame sent after commit."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from chat import services
from chat.errors import ChatError
from chat.models import MESSAGE_MAX_LENGTH, Message, Room
from chat.policies import can_post_in_room, can_read_room
from chat.services import messages as messages_module
from community.models import Block
from community.moderation.models import MemberTrust
from tests.chat.factories import RoomFactory, frames_to, participant_add, post
from tests.factories import TrustedMemberFactory
from tests.helpers import unverified


def refusal_code(**kwargs) -> str:
    with pytest.raises(ChatError) as caught:
        services.message_post(**kwargs)
    return caught.value.code


# --- Counter and idempotency ------------------------------------------------------------


def test_each_message_takes_the_rooms_next_number(member, other_member, community_room):
    first = post(community_room, member)
    second = post(community_room, other_member)
    third = post(community_room, member)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert [m.change_seq for m in (first, second, third)] == [1, 2, 3]
    community_room.refresh_from_db()
    assert community_room.last_seq == 3


def test_numbers_are_counted_per_room(member, community_room):
    elsewhere = RoomFactory()
    post(community_room, member)
    post(community_room, member)

    assert post(elsewhere, member).seq == 1


def test_a_retried_send_returns_the_stored_message_and_stores_nothing(member, community_room):
    first = services.message_post(actor=member, room=community_room, body="Hoi", client_id="abc-1")
    again = services.message_post(actor=member, room=community_room, body="Hoi", client_id="abc-1")

    assert first.created is True
    assert again.created is False
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(room=community_room).count() == 1
    community_room.refresh_from_db()
    assert community_room.last_seq == 1


def test_the_same_client_id_from_two_members_is_two_messages(member, other_member, community_room):
    services.message_post(actor=member, room=community_room, body="Hoi", client_id="same")
    services.message_post(actor=other_member, room=community_room, body="Hoi", client_id="same")

    assert Message.objects.filter(room=community_room).count() == 2


@pytest.mark.services
def test_a_retry_that_loses_the_race_returns_the_message_that_won(
    member, community_room, monkeypatch
):
    """Both copies pass the "already stored?" look-up; the second insert hits the
    unique constraint and answers with the first."""
    stored = services.message_post(
        actor=member, room=community_room, body="Eerste", client_id="race-1"
    ).message
    real_existing = messages_module._existing
    calls = []

    def existing_missed_the_first_time(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_existing(**kwargs)

    monkeypatch.setattr(messages_module, "_existing", existing_missed_the_first_time)

    again = services.message_post(
        actor=member, room=community_room, body="Eerste", client_id="race-1"
    )

    assert again.created is False
    assert again.message.pk == stored.pk
    assert Message.objects.filter(room=community_room).count() == 1
    community_room.refresh_from_db()
    assert community_room.last_seq == 1, "the losing insert's number was rolled back"


@pytest.mark.parametrize("client_id", ["", "x" * 65, "met spatie", "<script>", None, 12])
def test_a_client_id_must_be_1_to_64_safe_characters(member, community_room, client_id):
    assert (
        refusal_code(actor=member, room=community_room, body="Hoi", client_id=client_id)
        == "bad_frame"
    )


# --- Who may post -----------------------------------------------------------------------


def test_visitors_pending_and_suspended_accounts_are_refused(
    community_room, pending_member, member
):
    member.suspended_until = timezone.now() + datetime.timedelta(days=3)
    for who in (AnonymousUser(), pending_member, member):
        assert not can_read_room(who, community_room)
        assert not can_post_in_room(who, community_room)
    assert refusal_code(actor=pending_member, room=community_room, body="Hoi", client_id="a") == (
        "forbidden"
    )
    assert refusal_code(actor=member, room=community_room, body="Hoi", client_id="a") == (
        "forbidden"
    )


def test_a_silenced_member_reads_but_cannot_post(member, community_room):
    member.silenced_until = timezone.now() + datetime.timedelta(hours=2)

    assert can_read_room(member, community_room)
    with pytest.raises(ChatError) as caught:
        services.message_post(actor=member, room=community_room, body="Hoi", client_id="a")
    assert caught.value.code == "silenced"
    assert 7100 < caught.value.retry_after <= 7200
    assert not Message.objects.exists()


def test_when_member_is_muted_in_the_room_then_message_is_refused(
    member, moderator, community_room
):
    services.room_mute(actor=moderator, room=community_room, member=member, minutes=10, reason="")

    with pytest.raises(ChatError) as caught:
        services.message_post(actor=member, room=community_room, body="Hoi", client_id="a")
    assert caught.value.code == "muted"
    assert 590 < caught.value.retry_after <= 600
    # Elsewhere the member writes as before.
    assert post(RoomFactory(), member).seq == 1


def test_a_banned_member_can_neither_read_nor_post(member, moderator, community_room):
    services.room_ban(actor=moderator, room=community_room, member=member, reason="")

    assert not can_read_room(member, community_room)
    assert refusal_code(actor=member, room=community_room, body="Hoi", client_id="a") == (
        "forbidden"
    )


def test_a_closed_or_not_yet_open_or_archived_room_is_read_only(member):
    now = timezone.now()
    closed = RoomFactory(closes_at=now - datetime.timedelta(minutes=1))
    later = RoomFactory(opens_at=now + datetime.timedelta(hours=1))
    archived = RoomFactory(is_archived=True)
    open_now = RoomFactory(
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1)
    )

    for room in (closed, later, archived):
        assert can_read_room(member, room)
        assert refusal_code(actor=member, room=room, body="Hoi", client_id="a") == "read_only"
    assert post(open_now, member).seq == 1


def test_only_verified_staff_write_in_announcements(
    member, support_worker, moderator, announcement_room
):
    assert can_read_room(member, announcement_room)
    assert refusal_code(actor=member, room=announcement_room, body="Hoi", client_id="a") == (
        "read_only"
    )
    assert post(announcement_room, support_worker).seq == 1
    assert post(announcement_room, moderator).seq == 2
    unverified(moderator)
    assert refusal_code(actor=moderator, room=announcement_room, body="Hoi", client_id="b") == (
        "read_only"
    )


def test_the_moderators_room_is_for_verified_moderators_only(
    member, support_worker, moderator, moderators_room
):
    assert post(moderators_room, moderator).seq == 1
    for who in (member, support_worker, unverified(moderator)):
        assert not can_read_room(who, moderators_room)
        assert refusal_code(actor=who, room=moderators_room, body="Hoi", client_id="x") == (
            "forbidden"
        )


def test_meetup_rooms_are_for_their_participants(member, other_member, moderator, meetup_room):
    participant_add(meetup_room, member)

    assert post(meetup_room, member).seq == 1
    assert not can_read_room(other_member, meetup_room)
    assert refusal_code(actor=other_member, room=meetup_room, body="Hoi", client_id="a") == (
        "forbidden"
    )
    # Moderators read and moderate meetup rooms.
    assert can_read_room(moderator, meetup_room)
    assert not can_read_room(unverified(moderator), meetup_room)


def test_a_private_conversation_is_for_its_two_members(member, other_member, direct_room):
    third = TrustedMemberFactory()

    assert post(direct_room, member).seq == 1
    assert post(direct_room, other_member).seq == 2
    assert not can_read_room(third, direct_room)
    assert refusal_code(actor=third, room=direct_room, body="Hoi", client_id="a") == "forbidden"


def test_blocking_ends_writing_in_a_private_conversation_both_ways(
    member, other_member, direct_room
):
    Block.objects.create(blocker=other_member, blocked=member)

    for who in (member, other_member):
        assert can_read_room(who, direct_room)
        assert refusal_code(actor=who, room=direct_room, body="Hoi", client_id="a") == ("read_only")


# --- The text ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n ", None])
def test_an_empty_message_is_refused(member, community_room, body):
    assert refusal_code(actor=member, room=community_room, body=body, client_id="a") == "empty"


def test_a_message_over_the_limit_is_refused_and_at_the_limit_accepted(member, community_room):
    too_long = "a" * (MESSAGE_MAX_LENGTH + 1)
    assert refusal_code(actor=member, room=community_room, body=too_long, client_id="a") == (
        "too_long"
    )
    assert post(community_room, member, body="a" * MESSAGE_MAX_LENGTH).seq == 1


def test_markdown_goes_through_the_one_sanitiser(member, community_room):
    message = post(
        community_room, member, body="**vet** <script>alert(1)</script> [x](javascript:alert(1))"
    )

    assert "<strong>vet</strong>" in message.body_html
    assert "<script" not in message.body_html
    assert 'href="javascript' not in message.body_html


# --- Replies ----------------------------------------------------------------------------


def test_a_reply_names_the_message_it_answers(member, other_member, community_room):
    question = post(community_room, member, body="Wie komt er **vanavond**?")
    answer = post(community_room, other_member, body="Ik!", reply_to_seq=question.seq)

    assert answer.reply_to_id == question.pk


def test_a_reply_to_a_message_of_another_room_or_a_deleted_one_is_refused(member, community_room):
    elsewhere = post(RoomFactory(), member)
    gone = post(community_room, member)
    services.message_delete(actor=member, room=community_room, seq=gone.seq)

    for seq in (elsewhere.seq + 5, gone.seq):
        assert (
            refusal_code(
                actor=member, room=community_room, body="Hoi", client_id=f"r{seq}", reply_to_seq=seq
            )
            == "not_found"
        )


# --- Persist, then broadcast ------------------------------------------------------------


def test_the_frame_goes_out_after_commit_and_once(
    member, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = post(community_room, member, body="Hallo")
    assert chat_sent == [], "nothing is sent before the commit"

    for callback in callbacks:
        callback()
    (frame,) = frames_to(chat_sent, community_room)
    assert frame["type"] == "message"
    assert frame["message"]["seq"] == message.seq
    assert frame["message"]["html"].strip() == "<p>Hallo</p>"
    assert frame["message"]["author"] == {"id": member.pk, "name": member.username, "badge": None}


def test_a_retried_send_is_not_broadcast_again(
    member, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(actor=member, room=community_room, body="Hoi", client_id="k")
        services.message_post(actor=member, room=community_room, body="Hoi", client_id="k")

    assert len(frames_to(chat_sent, community_room)) == 1


def test_a_refused_post_writes_nothing(member, announcement_room):
    with pytest.raises(ChatError):
        services.message_post(actor=member, room=announcement_room, body="Hoi", client_id="a")

    announcement_room.refresh_from_db()
    assert announcement_room.last_seq == 0
    assert not Message.objects.exists()


def test_refusals_speak_the_members_language(member, announcement_room):
    for language, expected in (
        ("nl", "Alleen hulpverleners en moderatoren schrijven in mededelingen."),
        ("en", "Only support workers and moderators write in announcements."),
    ):
        with translation.override(language), pytest.raises(ChatError) as caught:
            post(announcement_room, member)
        assert caught.value.message == expected


def test_a_message_costs_a_fixed_number_of_queries(
    member, community_room, django_assert_max_num_queries
):
    post(community_room, member)
    member.__dict__.pop("_kring_role_names", None)

    # Retry look-up, the room's rules, membership, watched words, counter (update +
    # read), insert, the author's roles and trust (is the message held?), and the
    # transaction's own.
    with django_assert_max_num_queries(11):
        post(community_room, member)


def test_chat_messages_do_not_count_toward_trust(member, community_room):
    trust = MemberTrust.objects.get(member=member)
    before = trust.approved_posts

    for number in range(3):
        post(community_room, member, body=f"Bericht {number}")

    trust.refresh_from_db()
    assert trust.approved_posts == before


def test_a_wait_longer_than_a_day_has_no_retry_after(member, moderator, community_room):
    services.room_mute(
        actor=moderator, room=community_room, member=member, minutes=60 * 24 * 7, reason=""
    )

    with pytest.raises(ChatError) as caught:
        post(community_room, member)

    assert caught.value.code == "muted"
    assert caught.value.retry_after is None
    assert "retry_after" not in caught.value.as_frame()


def test_a_room_archived_since_the_caller_read_it_refuses(member, community_room):
    Room.objects.filter(pk=community_room.pk).update(is_archived=True)

    with pytest.raises(ChatError) as caught:
        post(community_room, member)

    assert caught.value.code == "read_only"
