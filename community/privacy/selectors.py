"""Reads about privacy: is this account the shared "former member"?"""

from typing import Any

from community.privacy.constants import FORMER_MEMBER_USERNAME


def is_former_member(user: Any) -> bool:
    """True for the shared account that keeps content of members who left.

    Templates show it as {% translate "former member" %} rather than its username.
    """
    return getattr(user, "username", None) == FORMER_MEMBER_USERNAME
