"""Moderation notifications through the notifications app's service."""

from typing import Any

from community.notifications.services import notification_create


def notify_member(*, recipient: Any, text: str, url: str = "", target: Any = None) -> None:
    """Tell a member about a decision (kind "moderation"). No actor: a member who blocked
    a moderator must still hear about decisions, and moderators stay anonymous."""
    if recipient is None or not getattr(recipient, "pk", None):
        return
    notification_create(recipient=recipient, kind="moderation", target=target, url=url, text=text)
