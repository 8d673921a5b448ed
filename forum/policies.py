"""Who may do what in the forum: one function per rule.

The thread page asks these to decide which links and buttons to offer, the services
ask them before they write, the selectors to filter what is listed, and the moderation
registry (`visible_to`) before a member may report a post — so what a page offers and
what a service permits never disagree (tests/forum/test_policy_agreement.py holds us
to it for every role and state). Staff powers come from community.policies, so they
count only in a session verified with a second factor.

Functions take plain model instances and do not query beyond the objects passed in
(a post's thread and category must be loaded), so the thread page can ask them per
post. The model QuerySets (`readable_by`, `listed_for`) are the same rules in SQL.
"""

from dataclasses import dataclass
from typing import Any

from community.policies import (
    is_community_staff,
    is_moderator,
    member_may_enter,
    member_may_post,
    role_names,
)
from community.roles import Role
from forum.models import Access, Category, Post, Thread

# Roles that read and post in staff-only categories (with a verified session).
FORUM_STAFF_ROLES = frozenset({Role.MODERATOR, Role.SUPPORT_WORKER})


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
    is_author = thread.author_id is not None and thread.author_id == user.pk
    return thread.is_visible or is_author or is_moderator(user)


def can_reply(user: Any, thread: Thread) -> bool:
    """May post a reply now. Slow mode is checked by the service (it needs a query)."""
    if not (can_read_thread(user, thread) and can_start_thread(user, thread.category)):
        return False
    return is_moderator(user) or not thread.is_closed


def slow_mode_applies(user: Any, thread: Thread) -> bool:
    """Slow mode limits members; the moderators who set it are not held to it."""
    return bool(thread.slow_mode_minutes) and not is_moderator(user)


def needs_approval_in(user: Any, category: Category) -> bool:
    """In a category whose posts wait for a moderator, everyone's but a moderator's do."""
    return category.posts_need_approval and not is_moderator(user)


def can_use_thread_tools(user: Any, thread: Thread | None = None) -> bool:
    """Lock, pin, move, close, slow mode, split, merge."""
    return is_moderator(user)


def can_be_told_about(member: Any, category: Category) -> bool:
    """May this account be mentioned in, or notified of, a post in `category`?

    Asked about an account, not a session (a notification waits for its recipient):
    a moderator mentioned in a staff-only category is told. Opening the post still
    takes `can_read_category`, so in an unverified session the link answers 404."""
    if not member_may_enter(member):
        return False
    if category.read_access == Access.MEMBERS:
        return True
    return bool(member.is_superuser or role_names(member) & FORUM_STAFF_ROLES)


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
    """Authors remove their own posts where they can still see them (moderators hide
    or purge through the toolkit). A silenced member may still take their words back."""
    if post.is_deleted or not _is_author(user, post):
        return False
    return can_see_post(user, post)


def can_view_history(user: Any, post: Post) -> bool:
    """Earlier versions: the author and moderators (a moderator's view is audited).
    Deleting a post deletes its history."""
    if post.is_deleted or not can_see_post(user, post):
        return False
    return _is_author(user, post) or is_moderator(user)


def can_react(user: Any, post: Post) -> bool:
    """Reactions are something others see: silenced members cannot add them. Authors
    may react to their own posts, as they always could."""
    if not member_may_post(user):
        return False
    return post.moderation_state == Post.VISIBLE and can_read_post_text(user, post)


def can_quote(user: Any, post: Post) -> bool:
    """The post may be quoted (replying at all is `can_reply` on the thread quoted in).
    Blocking (the author blocked the quoter) is checked by the service: it needs a
    query and must look the same as any other refusal."""
    return post.moderation_state == Post.VISIBLE and can_read_post_text(user, post)


def can_report(user: Any, post: Post) -> bool:
    """Reporting stays open to silenced members (they can still report harm), but only
    for posts whose text they can read; anything else answers like a missing id. Held
    and hidden posts are with the moderators already."""
    if not member_may_enter(user) or _is_author(user, post):
        return False
    return post.moderation_state == Post.VISIBLE and can_read_post_text(user, post)


@dataclass(frozen=True)
class PostPermissions:
    """What one user may do with one post: the thread page's links and buttons."""

    read_text: bool
    edit: bool
    delete: bool
    history: bool
    react: bool
    quote: bool
    report: bool


def post_permissions(user: Any, post: Post) -> PostPermissions:
    return PostPermissions(
        read_text=can_read_post_text(user, post),
        edit=can_edit_post(user, post),
        delete=can_delete_post(user, post),
        history=can_view_history(user, post),
        react=can_react(user, post),
        quote=can_quote(user, post),
        report=can_report(user, post),
    )
