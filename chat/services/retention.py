"""Retention (issue 9 §8): expired messages are deleted for real.

Run by `manage.py chat_purge_expired` on a schedule (README, "Chat"). What goes:
messages older than their room's `retention_days`, and every message of a room whose
`closes_at` plus `purge_after_close_hours` has passed (a meetup's room). Reports,
review items and notifications about them go too, as with a moderator's purge: nothing
keeps a trace of deleted words.
"""

import datetime
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chat.models import Message, Room
from community.moderation.models import ReviewItem
from community.notifications.models import Notification

# Deleted in batches, so that a first run over years of messages holds no long lock.
PURGE_BATCH = 1_000


def _expired(room: Room, now: datetime.datetime) -> Q | None:
    if (
        room.closes_at is not None
        and room.purge_after_close_hours is not None
        and room.closes_at + timedelta(hours=room.purge_after_close_hours) <= now
    ):
        return Q()
    if room.retention_days is not None:
        return Q(created_at__lt=now - timedelta(days=room.retention_days))
    return None


def _references_delete(ids: list[int]) -> None:
    content_type = ContentType.objects.get_for_model(Message)
    object_ids = [str(pk) for pk in ids]
    ReviewItem.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
    Notification.objects.filter(
        target_content_type=content_type, target_object_id__in=object_ids
    ).delete()


def messages_expired_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete every expired message; returns how many. Numbers are never reused: the
    room's counter stays where it is, and a reply to a deleted message shows it as
    unavailable."""
    now = now or timezone.now()
    total = 0
    for room in Room.objects.filter(Q(retention_days__isnull=False) | Q(closes_at__isnull=False)):
        condition = _expired(room, now)
        if condition is None:
            continue
        while True:
            ids = list(
                Message.objects.filter(condition, room=room).values_list("pk", flat=True)[
                    :PURGE_BATCH
                ]
            )
            if not ids:
                break
            with transaction.atomic():
                _references_delete(ids)
                total += Message.objects.filter(pk__in=ids).delete()[0]
    return total
