"""The rate limit per member and slow mode per room."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from chat import services
from chat.errors import ChatError
from chat.models import Message
from tests.chat.factories import RoomFactory, post

pytestmark = pytest.mark.services


@override_settings(KRING_CHAT_RATE_LIMIT=(5, 5.0))
def test_the_sixth_message_within_five_seconds_is_refused_with_retry_after(member, community_room):
    for number in range(5):
        post(community_room, member, body=f"Bericht {number}")

    with pytest.raises(ChatError) as caught:
        post(RoomFactory(), member, body="Nog een")

    assert caught.value.code == "rate_limited"
    assert 0 < caught.value.retry_after <= 5.0
    assert "second" in caught.value.message
    assert Message.objects.count() == 5


@override_settings(KRING_CHAT_RATE_LIMIT=(2, 60.0))
def test_the_limit_is_per_member_and_configurable(member, other_member, community_room):
    post(community_room, member)
    post(community_room, member)

    with pytest.raises(ChatError):
        post(community_room, member)
    assert post(community_room, other_member).seq == 3


@override_settings(KRING_CHAT_RATE_LIMIT=(1, 60.0))
def test_a_retried_send_is_answered_even_when_rate_limited(member, community_room):
    first = services.message_post(actor=member, room=community_room, body="Hoi", client_id="z")

    again = services.message_post(actor=member, room=community_room, body="Hoi", client_id="z")

    assert again.message.pk == first.message.pk


def test_slow_mode_allows_one_message_per_interval(member, moderator, community_room):
    services.room_slow_mode_set(actor=moderator, room=community_room, seconds=30)
    post(community_room, member)

    with pytest.raises(ChatError) as caught:
        post(community_room, member)
    assert caught.value.code == "slow_mode"
    assert 0 < caught.value.retry_after <= 30

    Message.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=31))
    assert post(community_room, member).seq == 2


def test_moderators_are_not_held_to_slow_mode(moderator, community_room):
    services.room_slow_mode_set(actor=moderator, room=community_room, seconds=60)

    post(community_room, moderator)
    assert post(community_room, moderator).seq == 2
