"""Retention (issue 9 §8): expired messages are deleted for real, by a command."""

import datetime
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from chat.models import Message
from chat.services import messages_expired_purge
from community.moderation.models import Report, ReviewItem
from community.moderation.services import report_create
from community.notifications.models import Notification
from tests.chat.factories import RoomFactory, post


def _age(message: Message, days: float) -> None:
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_messages_older_than_the_room_keeps_them_are_deleted(member, community_room):
    old = post(community_room, member, body="Van lang geleden")
    recent = post(community_room, member, body="Van vorige week")
    _age(old, 91)
    _age(recent, 7)

    assert messages_expired_purge() == 1

    assert list(Message.objects.values_list("pk", flat=True)) == [recent.pk]
    community_room.refresh_from_db()
    assert community_room.last_seq == 2, "numbers are never reused"


def test_a_room_without_retention_keeps_everything(moderator, moderators_room):
    message = post(moderators_room, moderator)
    _age(message, 3650)

    assert messages_expired_purge() == 0
    assert Message.objects.filter(pk=message.pk).exists()


def test_a_meetup_room_is_emptied_some_hours_after_it_closed(member):
    now = timezone.now()
    room = RoomFactory(
        closes_at=now + datetime.timedelta(hours=1), purge_after_close_hours=24, retention_days=None
    )
    post(room, member)
    post(room, member)

    assert messages_expired_purge(now=now + datetime.timedelta(hours=24)) == 0
    assert messages_expired_purge(now=now + datetime.timedelta(hours=25, minutes=1)) == 2
    assert not Message.objects.filter(room=room).exists()


def test_reports_review_items_and_notifications_go_with_the_message(
    member, other_member, community_room
):
    message = post(community_room, member, body="Gemeld")
    answer = post(community_room, other_member, body="Antwoord", reply_to_seq=message.seq)
    report_create(reporter=other_member, target=message, reason="spam")
    ct = ContentType.objects.get_for_model(Message)
    Notification.objects.create(
        recipient=member, kind="moderation", target_content_type=ct, target_object_id=message.pk
    )
    _age(message, 100)

    assert messages_expired_purge() == 1

    assert not ReviewItem.objects.filter(content_type=ct).exists()
    assert not Report.objects.exists()
    assert not Notification.objects.filter(target_content_type=ct).exists()
    answer.refresh_from_db()
    assert answer.reply_to_id is None


def test_the_command_prints_how_many_were_deleted(member, community_room):
    _age(post(community_room, member), 200)
    out = StringIO()

    call_command("chat_purge_expired", stdout=out)

    assert out.getvalue().strip() == "1 expired chat message(s) deleted"
    assert not Message.objects.exists()
