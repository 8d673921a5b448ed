"""Who may do what in the forum: one function per rule.

The thread page asks these to decide which links and buttons to offer, the services
ask them before they write, the selectors to filter what is listed, and the moderation
registry (`visible_to`) before a member may report a post — so what a page offers and
what a service permits never disagree. Staff powers come from community.policies, so
they count only in a session verified with a second factor.

Functions take plain model instances and do not query beyond the objects passed in,
except where noted (blocking), so the thread page can ask them per post.
"""

from typing import Any

from community.policies import (
    is_community_staff,
    is_moderator,
    member_may_enter,
    member_may_post,
)
from forum.models import Access, Category, Post, Thread


def is_forum_staff(user: Any) -> bool:
    """Moderators and support workers: staff-only categories and posting there."""
    return is_community_staff(user)


# --- Categories and threads -------------------------------------------------------------


def can_read_category(user: Any, category: Category) -> bool:
    if not member_may_enter(user):
        return False
    return category.read_access == Access.MEMBERS or is_forum_staff(user)


def can_start_thread(user: Any, category: Category) -> bool:
    if not (member_may_post(user) and can_read_category(user, category)):
        return False
    return category.post_access == Access.MEMBERS or is_forum_staff(user)


def can_read_thread(user: Any, thread: Thread) -> bool:
    """The thread opens for this user: its category is readable and its opening post
    is visible (or the user wrote it, or moderates)."""
    if not can_read_category(user, thread.category):
        return False
    return thread.is_visible or is_moderator(user) or thread.author_id == user.pk


def can_reply(user: Any, thread: Thread) -> bool:
    """May post a reply now. Slow mode is checked by the service (it needs a query)."""
    if not (can_read_thread(user, thread) and can_start_thread(user, thread.category)):
        return False
    return is_moderator(user) or not thread.is_closed


def can_use_thread_tools(user: Any, thread: Thread | None = None) -> bool:
    """Lock, pin, move, close, slow mode, split, merge."""
    return is_moderator(user)


# --- Posts --------------------------------------------------------------------------------


def _is_author(user: Any, post: Post) -> bool:
    return post.author_id is not None and post.author_id == getattr(user, "pk", None)


def can_see_post(user: Any, post: Post) -> bool:
    """The post is shown in its thread to this user (a hidden post shows to members as
    a placeholder, so it counts as shown; its text is `can_read_post_text`)."""
    if not can_read_thread(user, post.thread):
        return False
    if post.moderation_state == Post.HELD:
        return _is_author(user, post) or is_moderator(user)
    return True


def can_read_post_text(user: Any, post: Post) -> bool:
    """The post's text is shown (not a placeholder)."""
    if post.is_deleted or not can_see_post(user, post):
        return False
    if post.moderation_state == Post.HIDDEN:
        return _is_author(user, post) or is_moderator(user)
    return True


def can_edit_post(user: Any, post: Post) -> bool:
    """Authors edit their own posts while they may post and the thread is not locked;
    moderators edit any post (audited)."""
    if post.is_deleted or not can_see_post(user, post):
        return False
    if is_moderator(user):
        return True
    return _is_author(user, post) and member_may_post(user) and not post.thread.is_locked


def can_delete_post(user: Any, post: Post) -> bool:
    """Authors remove their own posts (moderators hide or purge through the toolkit)."""
    return not post.is_deleted and _is_author(user, post) and member_may_enter(user)


def can_view_history(user: Any, post: Post) -> bool:
    """Earlier versions: the author and moderators (a moderator's view is audited)."""
    if not can_see_post(user, post):
        return False
    return _is_author(user, post) or is_moderator(user)


def can_react(user: Any, post: Post) -> bool:
    """Reactions are something others see: silenced members cannot add them."""
    if not member_may_post(user) or _is_author(user, post):
        return False
    return post.moderation_state == Post.VISIBLE and can_read_post_text(user, post)


def can_quote(user: Any, post: Post) -> bool:
    """Blocking (the author blocked the quoter) is checked by the service: it needs a
    query and must look the same as any other refusal."""
    return post.moderation_state == Post.VISIBLE and can_read_post_text(user, post)


def can_report(user: Any, post: Post) -> bool:
    """Reporting stays open to silenced members (they can still report harm), but only
    for posts they can see; anything else answers like a missing id."""
    return member_may_enter(user) and can_see_post(user, post) and not _is_author(user, post)
