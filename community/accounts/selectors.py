"""Reads about members, used by every app."""

from typing import Any

from django.db.models import QuerySet

from community.models import Block, Invitation, MemberSession, MembershipDecision, User


def blocked_member_ids(*, member: Any) -> set[int]:
    """Ids of the members that `member` has blocked."""
    if not getattr(member, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=member).values_list("blocked_id", flat=True))


def is_blocked_by(*, member: Any, other: Any) -> bool:
    """True when `other` has blocked `member` (so member may not mention/quote/message them)."""
    return Block.objects.filter(blocker=other, blocked=member).exists()


def pending_members() -> QuerySet[User]:
    """Accounts waiting for a moderator's decision, oldest first."""
    return User.objects.filter(status=User.Status.PENDING, is_active=True).order_by(
        "date_joined", "pk"
    )


def membership_decisions_for(*, member: Any) -> QuerySet[MembershipDecision]:
    return MembershipDecision.objects.filter(member=member).select_related("actor")


def recent_membership_decisions(*, limit: int = 20) -> list[MembershipDecision]:
    return list(MembershipDecision.objects.select_related("member", "actor")[:limit])


def invitations_of(*, member: Any) -> QuerySet[Invitation]:
    """The invitations `member` created, newest first, with who used them."""
    return Invitation.objects.filter(created_by=member).select_related("used_by")


def signed_in_sessions(*, member: Any) -> list[MemberSession]:
    return list(MemberSession.objects.filter(member=member).order_by("-signed_in_at"))


def blocked_members(*, member: Any) -> list[User]:
    """The members `member` has blocked, by pseudonym."""
    return list(
        User.objects.filter(blocks_received__blocker=member).order_by("username").only("username")
    )
