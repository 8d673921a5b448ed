"""Who may act on what in the moderation toolkit, on top of community.policies.

No moderator decides about themselves. Reports and held content about a moderator's
own content or account go to another moderator: the queue leaves them out for the
moderator concerned, the review pages answer 404 and the services refuse. Appeals
against a moderator's own decision were already routed the same way (appeal_create
assigns another moderator, appeal_decide refuses the one who decided).
"""

from typing import Any

from community.policies import is_moderator
from community.registries.content import NotRegistered, adapter_for


def is_about(user: Any, target: Any) -> bool:
    """Is `target` about `user`: content they wrote, or their own account?"""
    user_id = getattr(user, "pk", None)
    if user_id is None or target is None:
        return False
    try:
        author = adapter_for(target).author(target)
    except NotRegistered:
        return False
    return getattr(author, "pk", None) == user_id


def can_decide_on(user: Any, target: Any) -> bool:
    """May `user` see and decide a review case (reports, a hold) about `target`?
    `target` None: the content is gone, and any moderator may close the case."""
    return is_moderator(user) and not is_about(user, target)
