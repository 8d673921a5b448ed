"""Notifications' part of a member's data export and account deletion (registered
with community.registries.member_data in apps.py)."""

from typing import Any

from community.notifications.models import Notification, NotificationPreference


def notifications_member_export(member: Any) -> dict[str, Any]:
    preference = NotificationPreference.objects.filter(member=member).first()
    return {
        "notifications": [
            {
                "kind": n.kind,
                "text": n.display_text,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=member)
            .select_related("actor")
            .order_by("id")
        ],
        "email_digest": bool(preference and preference.email_digest),
    }


def notifications_member_erase(member: Any) -> None:
    """Their own notifications go; in others' lists they no longer show as the actor."""
    Notification.objects.filter(recipient=member).delete()
    NotificationPreference.objects.filter(member=member).delete()
    Notification.objects.filter(actor=member).update(actor=None)


def notifications_member_anonymise(member: Any, former_member: Any) -> None:
    notifications_member_erase(member)
