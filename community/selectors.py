"""Reads about members, used by every app."""

from typing import Any

from community.models import Block


def blocked_member_ids(*, member: Any) -> set[int]:
    """Ids of the members that `member` has blocked."""
    if not getattr(member, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=member).values_list("blocked_id", flat=True))


def is_blocked_by(*, member: Any, other: Any) -> bool:
    """True when `other` has blocked `member` (so member may not mention/quote/message them)."""
    return Block.objects.filter(blocker=other, blocked=member).exists()
