"""Who may do what: membership and roles, one function per rule.

Views, consumers, selectors, services, templates and the moderation registry all ask
these functions, so what a page offers and what a service permits never disagree.
App-specific rules (forum threads, chat rooms) live in that app's `policies.py` and
build on these.

The one rule that runs through all of them: **a staff role counts only for a session
verified with a second factor.** `user.is_verified()` is set by django_otp's
OTPMiddleware on HTTP requests and by the chat consumer from `scope["session"]`. A user
object without it (a shell, a management command, a test factory) is unverified, so an
unverified moderator is an ordinary member on every page and in every service call.
Server-side code that acts for an operator marks the user with `trusted_session`.
"""

import copy
from typing import Any

from django.utils import timezone

from community.roles import STAFF_ROLES, Role


def _is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def role_names(user: Any) -> frozenset[str]:
    """The groups the account belongs to, whether or not the session is verified.
    Cached on the user object for the request."""
    if not _is_authenticated(user):
        return frozenset()
    cached = getattr(user, "_kring_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._kring_role_names = cached
    return cached


def session_verified(user: Any) -> bool:
    """Has this session (or socket) been verified with a second factor?"""
    is_verified = getattr(user, "is_verified", None)
    return bool(_is_authenticated(user) and callable(is_verified) and is_verified())


def trusted_session(user: Any) -> Any:
    """Mark `user` as verified for code an operator runs on the server itself
    (management commands, the demo seed): there is no session to verify there."""
    user.is_verified = lambda: True
    return user


def as_recipient(user: Any) -> Any:
    """`user` as they will be when they open something sent to them now (a
    notification, a digest): a staff role counts, because the page they open asks for
    their second factor first. A copy: the object passed in is left as it is."""
    recipient = copy.copy(user)
    recipient.is_verified = lambda: True
    return recipient


def holds_staff_role(user: Any) -> bool:
    """The account holds a staff role or is a superuser or Django staff, verified or
    not. Only the two-factor gate asks this: it decides who must verify."""
    if not _is_authenticated(user):
        return False
    return bool(user.is_superuser or user.is_staff or (role_names(user) & STAFF_ROLES))


# The two-factor gate's name for the same question.
requires_two_factor = holds_staff_role


def _staff(user: Any) -> bool:
    """Staff powers apply: an active account with a verified session."""
    return _is_authenticated(user) and user.is_active and session_verified(user)


def has_role(user: Any, role: Role) -> bool:
    """Does the role count for this user now? Staff roles only in a verified session."""
    if role in STAFF_ROLES and not _staff(user):
        return False
    return role in role_names(user)


def is_superuser(user: Any) -> bool:
    return _staff(user) and bool(user.is_superuser)


def is_moderator(user: Any) -> bool:
    return is_superuser(user) or has_role(user, Role.MODERATOR)


def is_support_worker(user: Any) -> bool:
    return has_role(user, Role.SUPPORT_WORKER)


def is_editor(user: Any) -> bool:
    return is_superuser(user) or has_role(user, Role.EDITOR)


def is_community_staff(user: Any) -> bool:
    """Moderators and support workers: staff-only areas of the community."""
    return is_moderator(user) or is_support_worker(user)


# --- Membership -----------------------------------------------------------------------


def is_approved_member(user: Any) -> bool:
    """An active, approved account (sanctions aside)."""
    if not _is_authenticated(user) or not user.is_active:
        return False
    return bool(user.is_approved or user.is_superuser)


def member_is_excluded(user: Any) -> bool:
    """Suspended or banned now. Read from the account row, which the moderation
    toolkit keeps in step with the sanctions; expiry needs no job."""
    until = getattr(user, "suspended_until", None)
    return until is not None and until > timezone.now()


def member_is_silenced(user: Any) -> bool:
    until = getattr(user, "silenced_until", None)
    return until is not None and until > timezone.now()


def member_may_enter(user: Any) -> bool:
    """May use the closed community (forum, chat, meetups, warnings, help desk).

    Not tied to a request: the view decorator, the chat consumer, the iCal feed and
    management commands ask the same question."""
    return is_approved_member(user) and not member_is_excluded(user)


def member_may_post(user: Any) -> bool:
    """May write anything members see (posts, messages, reactions, invitations):
    may enter and is not silenced. Reporting harm stays open to silenced members."""
    return member_may_enter(user) and not member_is_silenced(user)
