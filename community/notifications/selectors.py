"""Reads about notifications, each a constant number of queries."""

from typing import Any

from community.notifications.models import Notification, NotificationPreference

LIST_LIMIT = 100


def unread_count(member: Any) -> int:
    """How many unread notifications the member has (one query; 0 for visitors)."""
    if not getattr(member, "is_authenticated", False):
        return 0
    return Notification.objects.for_member(member).unread().count()


def notifications_for(member: Any, *, limit: int = LIST_LIMIT) -> list[Notification]:
    """The member's newest notifications, unread and read, with their actors (one query)."""
    if not getattr(member, "is_authenticated", False):
        return []
    return list(
        Notification.objects.for_member(member)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def notification_preference_for(member: Any) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(member=member).first()
