"""Small helpers shared by the whole suite."""

from typing import Any


def verified(user: Any) -> Any:
    """`user` as a session verified with a second factor sees it: django_otp's
    OTPMiddleware sets `is_verified` on request.user, and staff roles count only then
    (community.policies). Service-level tests of staff actions use this."""
    user.is_verified = lambda: True
    return user


def unverified(user: Any) -> Any:
    """`user` as a session that has not (yet) entered a second factor."""
    user.is_verified = lambda: False
    return user
