"""Moderation in chat (issue 9 §6): reports into the one review queue, hide, purge,
a moderator's edit, mute, remove, ban, slow mode — each audited once, safe to repeat,
and heard by open sockets after the commit."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from chat import services
from chat.errors import ChatError
from chat.models import Message, RoomMembership
from chat.policies import can_post_in_room, can_read_room, can_report_message
from community.audit.models import AuditLog
from community.moderation.models import ModerationState, Report, ReviewItem
from community.moderation.services import (
    content_edit,
    content_hide,
    content_purge,
    content_restore,
    report_create,
)
from community.registries.content import adapter_for
from tests.chat.factories import frames_to, member_events, participant_add, post
from tests.factories import TrustedMemberFactory
from tests.helpers import unverified


def _audits(action: str) -> int:
    return AuditLog.objects.filter(action=action).count()


# --- The content registry ---------------------------------------------------------------


def test_messages_are_registered_with_the_toolkit(member, community_room):
    message = post(community_room, member, body="Hallo")

    adapter = adapter_for(message)

    assert adapter.audit_label == "chat.message"
    assert adapter.author(message) == member
    assert adapter.url(message).endswith(f"/chat/koffiekamer/#m{message.seq}")
    assert adapter.context(message) == "Koffiekamer"
    assert adapter.is_moderatable


def test_a_report_opens_a_case_in_the_one_review_queue(member, other_member, community_room):
    message = post(community_room, member, body="Iets vervelends")

    report = report_create(reporter=other_member, target=message, reason="threat")

    item = ReviewItem.objects.get(
        content_type=ContentType.objects.get_for_model(Message), object_id=str(message.pk)
    )
    assert report.review == item
    assert item.status == ReviewItem.Status.OPEN


def test_the_report_form_opens_for_a_reader_of_the_room(
    member, other_member, community_room, client
):
    message = post(community_room, member, body="Iets vervelends")
    client.force_login(other_member)
    ct = ContentType.objects.get_for_model(Message).pk

    response = client.get(reverse("moderation:report", args=[ct, message.pk]))

    assert response.status_code == 200


def test_messages_one_cannot_read_cannot_be_reported(
    member, other_member, moderator, moderators_room, direct_room
):
    staff_only = post(moderators_room, moderator)
    private = post(direct_room, member)
    outsider = TrustedMemberFactory()

    assert not can_report_message(member, staff_only)
    assert not can_report_message(outsider, private)
    assert can_report_message(other_member, private)
    with pytest.raises(Message.DoesNotExist):
        report_create(reporter=outsider, target=private, reason="spam")
    assert not Report.objects.exists()


def test_held_and_deleted_messages_and_ones_own_cannot_be_reported(
    member, other_member, community_room
):
    own = post(community_room, other_member)
    held = post(community_room, member, body="06-12345678", post_anyway=True)
    gone = post(community_room, member)
    services.message_delete(actor=member, room=community_room, seq=gone.seq)
    gone.refresh_from_db()

    assert not can_report_message(other_member, own)
    assert not can_report_message(other_member, held)
    assert not can_report_message(other_member, gone)


def test_enough_reports_hide_a_message_on_open_screens(
    member, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Hier is iets mis mee")

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            report_create(reporter=TrustedMemberFactory(), target=message, reason="spam")

    message.refresh_from_db()
    assert message.moderation_state == ModerationState.HIDDEN
    assert frames_to(chat_sent, community_room)[-1]["message"] == {
        "seq": message.seq,
        "change_seq": 2,
        "deleted": True,
    }


def test_hide_and_restore_take_new_numbers_and_reach_the_room(
    member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Twijfelachtig")

    with django_capture_on_commit_callbacks(execute=True):
        content_hide(message, actor=moderator, reason="Even niet")
        content_restore(message, actor=moderator, reason="Toch goed")

    sent = [frame["message"] for frame in frames_to(chat_sent, community_room)]
    assert [(m["change_seq"], m["deleted"]) for m in sent] == [(2, True), (3, False)]
    assert _audits("chat.message.hidden") == _audits("chat.message.restored") == 1


def test_a_moderator_edit_through_the_queue_renders_and_takes_a_number(
    member, moderator, community_room
):
    message = post(community_room, member, body="Bel 06-12345678", post_anyway=True)

    assert content_edit(message, actor=moderator, text="Bel [nummer weg]", reason="pii")

    message.refresh_from_db()
    assert message.body == "Bel [nummer weg]"
    assert "nummer weg" in message.body_html
    assert "06" not in message.body_html
    assert message.change_seq == 2
    assert _audits("chat.message.edited") == 1


def test_purge_removes_text_author_and_the_case_but_keeps_the_number(
    member, other_member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Zij heet echt Anna de Vries")
    answer = post(community_room, other_member, body="Niet doen!", reply_to_seq=message.seq)
    report_create(reporter=other_member, target=message, reason="personal_information")

    with django_capture_on_commit_callbacks(execute=True):
        assert content_purge(message, actor=moderator, reason="outing")

    message.refresh_from_db()
    assert (message.body, message.body_html, message.author) == ("", "", None)
    assert message.deleted_at is not None
    assert not ReviewItem.objects.filter(object_id=str(message.pk)).exists()
    assert not Report.objects.exists()
    assert frames_to(chat_sent, community_room)[-1]["message"]["deleted"] is True
    answer.refresh_from_db()
    assert answer.reply_to_id == message.pk
    assert _audits("chat.message.purged") == 1


# --- Mute, remove, ban, slow mode ---------------------------------------------------------


def test_mute_is_audited_once_tells_the_member_and_lifts(
    member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_mute(
            actor=moderator, room=community_room, member=member, minutes=30, reason="Rustig aan"
        )
        assert not services.room_mute(
            actor=moderator, room=community_room, member=member, minutes=30, reason="Dubbel"
        )
    assert not can_post_in_room(member, community_room)
    assert _audits("chat.member.muted") == 1
    (event,) = member_events(chat_sent, member)
    assert event["room_id"] == community_room.pk
    assert event["event"] == "muted"
    assert event["data"]["reason"] == "Rustig aan"

    assert services.room_mute(
        actor=moderator, room=community_room, member=member, minutes=120, reason="Langer"
    )
    assert _audits("chat.member.muted") == 2

    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_unmute(actor=moderator, room=community_room, member=member, reason="")
        assert not services.room_unmute(
            actor=moderator, room=community_room, member=member, reason=""
        )
    assert can_post_in_room(member, community_room)
    assert _audits("chat.member.unmuted") == 1
    assert member_events(chat_sent, member)[-1]["event"] == "unmuted"


def test_ban_closes_the_room_to_the_member_once_and_unban_reopens_it(
    member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_ban(actor=moderator, room=community_room, member=member, reason="x")
        assert not services.room_ban(
            actor=moderator, room=community_room, member=member, reason="x"
        )

    assert not can_read_room(member, community_room)
    assert _audits("chat.member.banned") == 1
    assert [e["event"] for e in member_events(chat_sent, member)] == ["banned"]

    assert services.room_unban(actor=moderator, room=community_room, member=member, reason="")
    assert not services.room_unban(actor=moderator, room=community_room, member=member, reason="")
    assert can_read_room(member, community_room)
    assert _audits("chat.member.unbanned") == 1


def test_removing_a_participant_ends_their_access_and_is_safe_to_repeat(
    member, moderator, meetup_room, chat_sent, django_capture_on_commit_callbacks
):
    participant_add(meetup_room, member)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_remove(actor=moderator, room=meetup_room, member=member, reason="")
        assert not services.room_remove(actor=moderator, room=meetup_room, member=member, reason="")

    assert not can_read_room(member, meetup_room)
    assert _audits("chat.member.removed") == 1
    assert [e["event"] for e in member_events(chat_sent, member)] == ["removed"]


def test_removing_from_a_community_room_sends_the_member_out(
    member, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_remove(actor=moderator, room=community_room, member=member, reason="")

    assert [e["event"] for e in member_events(chat_sent, member)] == ["removed"]
    assert can_read_room(member, community_room), "a community room may be entered again"


def test_slow_mode_is_announced_to_the_room_and_audited_once(
    moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.room_slow_mode_set(actor=moderator, room=community_room, seconds=20)
        assert not services.room_slow_mode_set(actor=moderator, room=community_room, seconds=20)

    (frame,) = frames_to(chat_sent, community_room)
    assert frame["type"] == "room"
    assert frame["room"]["slow_mode_seconds"] == 20
    assert _audits("chat.room.slow_mode_set") == 1
    community_room.refresh_from_db()
    assert community_room.slow_mode_seconds == 20


@pytest.mark.parametrize(
    "action",
    [
        lambda actor, room, member: services.room_mute(
            actor=actor, room=room, member=member, minutes=5, reason=""
        ),
        lambda actor, room, member: services.room_unmute(
            actor=actor, room=room, member=member, reason=""
        ),
        lambda actor, room, member: services.room_remove(
            actor=actor, room=room, member=member, reason=""
        ),
        lambda actor, room, member: services.room_ban(
            actor=actor, room=room, member=member, reason=""
        ),
        lambda actor, room, member: services.room_unban(
            actor=actor, room=room, member=member, reason=""
        ),
        lambda actor, room, member: services.room_slow_mode_set(actor=actor, room=room, seconds=10),
    ],
    ids=["mute", "unmute", "remove", "ban", "unban", "slow_mode"],
)
def test_members_and_unverified_moderators_take_no_measures(
    action, member, other_member, moderator, community_room
):
    for who in (other_member, unverified(moderator)):
        with pytest.raises(ChatError) as caught:
            action(who, community_room, member)
        assert caught.value.code == "forbidden"
    assert not AuditLog.objects.exists()
    assert not RoomMembership.objects.filter(muted_until__isnull=False).exists()


def test_a_moderator_takes_no_measure_against_themselves(moderator, community_room):
    with pytest.raises(ChatError):
        services.room_mute(
            actor=moderator, room=community_room, member=moderator, minutes=5, reason=""
        )


def test_a_mute_has_a_sensible_length(member, moderator, community_room):
    for minutes in (0, -5, 60 * 24 * 31, "10"):
        with pytest.raises(ChatError) as caught:
            services.room_mute(
                actor=moderator, room=community_room, member=member, minutes=minutes, reason=""
            )
        assert caught.value.code == "bad_frame"


# --- The review queue's pages -----------------------------------------------------------


def test_a_held_chat_message_is_decided_in_the_review_queue(
    member, moderator_client, community_room, chat_sent, django_capture_on_commit_callbacks
):
    message = post(community_room, member, body="Bel 06-12345678", post_anyway=True)
    item = ReviewItem.objects.get(object_id=str(message.pk))

    queue = moderator_client.get(reverse("moderation:queue")).content.decode()
    detail = moderator_client.get(reverse("moderation:item_detail", args=[item.pk]))
    assert "Koffiekamer" in queue
    assert detail.status_code == 200
    assert "06-12345678" in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("moderation:item_decide", args=[item.pk]),
            {"action": "approve", "reason": "Eigen nummer, bewust gedeeld"},
        )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.moderation_state == ModerationState.VISIBLE
    assert frames_to(chat_sent, community_room)[-1]["message"]["deleted"] is False
