"""Who may do what with safety warnings: one function per rule, asked by the views,
the templates, the services and the moderation registry alike.

Members-only: visitors, pending, suspended and banned accounts see nothing
(community.policies.member_may_enter). A published warning never shows who wrote it;
only moderators (in a 2FA-verified session) see the reporter.
"""

from datetime import datetime
from typing import Any

from django.utils import timezone

from community.policies import is_moderator, member_may_enter
from community.safety.models import SafetyWarning


def can_report_warning(user: Any) -> bool:
    """Any member who may enter, silenced ones too: reporting harm stays open to them
    (community.policies.member_may_post), and every warning waits for a moderator
    before anyone else reads it."""
    return member_may_enter(user)


def is_reporter(user: Any, warning: SafetyWarning) -> bool:
    return bool(getattr(user, "pk", None)) and warning.reporter_id == user.pk


def is_published(warning: SafetyWarning, *, now: datetime | None = None) -> bool:
    """Visible to members: approved by a moderator, not expired, text not deleted."""
    return (
        warning.moderation_state == SafetyWarning.VISIBLE
        and warning.published_at is not None
        and warning.text_deleted_at is None
        and not warning.is_expired(now or timezone.now())
    )


def can_read_warning(user: Any, warning: SafetyWarning, *, now: datetime | None = None) -> bool:
    """Members read published warnings; the reporter reads their own (with its status);
    moderators read every warning."""
    if not member_may_enter(user):
        return False
    return is_published(warning, now=now) or is_reporter(user, warning) or is_moderator(user)


def can_see_reporter(user: Any) -> bool:
    return is_moderator(user)


def can_mark_me_too(user: Any, warning: SafetyWarning, *, now: datetime | None = None) -> bool:
    """Any member who can read a published warning, except the one who wrote it."""
    return (
        member_may_enter(user) and is_published(warning, now=now) and not is_reporter(user, warning)
    )


def can_follow_urgent_warnings(user: Any) -> bool:
    return member_may_enter(user)
