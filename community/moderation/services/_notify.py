"""Moderation notifications through the notifications engineer's service."""

import logging
from typing import Any

logger = logging.getLogger(__name__)


def notify_member(*, recipient: Any, text: str, url: str = "", target: Any = None) -> None:
    """Tell a member about a decision (kind "moderation"). No actor: a member who blocked
    a moderator must still hear about decisions, and moderators stay anonymous."""
    if recipient is None or not getattr(recipient, "pk", None):
        return
    try:
        from community.notifications.services import notification_create
    except ImportError:  # the notifications app has not landed yet
        logger.debug("notifications unavailable; skipped moderation notice")
        return
    notification_create(recipient=recipient, kind="moderation", target=target, url=url, text=text)
