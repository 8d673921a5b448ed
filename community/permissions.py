"""Permission checks, in one place, for views, consumers, services and templates.

Each function takes the user (possibly anonymous) and answers one question. Group
membership is read through `_role_names`, cached on the user object for the request.
"""

from typing import Any

from community.roles import STAFF_ROLES, Role


def _role_names(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_kring_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._kring_role_names = cached
    return cached


def has_role(user: Any, role: Role) -> bool:
    return role in _role_names(user)


def is_approved_member(user: Any) -> bool:
    """May use the closed community (forum, chat, meetups, alerts)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_approved or user.is_superuser


def is_moderator(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or has_role(user, Role.MODERATOR)
    )


def is_support_worker(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and has_role(user, Role.SUPPORT_WORKER)


def is_editor(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or has_role(user, Role.EDITOR)
    )


def requires_two_factor(user: Any) -> bool:
    """Staff roles and superusers must verify a second factor before staff pages."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or (_role_names(user) & STAFF_ROLES))


def can_moderate(user: Any, obj: Any = None) -> bool:
    """Moderators may act on members' content; never on their own sanctions."""
    return is_moderator(user)
