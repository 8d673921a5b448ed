"""Posting: new threads and replies, edits, an author's deletion and a moderator's purge."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.models import User
from community.moderation import services as moderation_services
from forum.models import Category, Post, PostMention, PostQuote, PostRevision, Reaction, Thread
from forum.policies import can_delete_post, can_edit_post
from forum.quotes import body_render, legacy_quotes_remove
from forum.services.checks import (
    Checked,
    check_can_post,
    check_text,
    check_thread_open,
    clean_title,
)
from forum.services.counters import category_refresh, thread_refresh
from forum.services.notify import post_notify


def _existing_submit(*, actor: User, idempotency_key: str | None) -> Post | None:
    if not idempotency_key:
        return None
    return (
        Post.objects.filter(author=actor, idempotency_key=idempotency_key)
        .select_related("thread")
        .first()
    )


def _post_insert(
    *, actor: User, thread: Thread, checked: Checked, reply_to: Post | None, key: str | None
) -> Post:
    post = Post.objects.create(
        thread=thread,
        author=actor,
        body=checked.body,
        body_html=checked.body_html,
        reply_to=reply_to,
        idempotency_key=key or "",
    )
    _relations_save(post=post, checked=checked)
    # Holds new members' first posts, and posts with the reasons above; otherwise
    # counts the post toward the author's trust. A hold recounts the thread through
    # the toolkit's on_state_changed hook (post_state_changed), so count only once.
    if moderation_services.content_submit(post, hold_reasons=checked.hold_reasons):
        post.refresh_from_db(fields=["moderation_state", "moderation_reason"])
    else:
        thread_refresh(thread=thread)
    return post


def _relations_save(*, post: Post, checked: Checked) -> None:
    PostQuote.objects.filter(post=post).exclude(quoted__in=checked.quoted).delete()
    PostQuote.objects.bulk_create(
        [PostQuote(post=post, quoted=quoted) for quoted in checked.quoted],
        ignore_conflicts=True,
    )
    PostMention.objects.filter(post=post).exclude(member__in=checked.mentioned).delete()
    PostMention.objects.bulk_create(
        [PostMention(post=post, member=member) for member in checked.mentioned],
        ignore_conflicts=True,
    )


def thread_create(
    *,
    actor: User,
    category: Category,
    title: str,
    body: str,
    idempotency_key: str | None = None,
    post_anyway: bool = False,
) -> Thread:
    """Start a thread with its opening post. The same form submitted twice (same
    idempotency key) returns the first thread instead of creating a second."""
    existing = _existing_submit(actor=actor, idempotency_key=idempotency_key)
    if existing is not None:
        return existing.thread
    check_can_post(actor=actor, category=category)
    title = clean_title(title)
    checked = check_text(actor=actor, category=category, body=body, post_anyway=post_anyway)
    try:
        with transaction.atomic():
            thread = Thread.objects.create(category=category, title=title, author=actor)
            post = _post_insert(
                actor=actor, thread=thread, checked=checked, reply_to=None, key=idempotency_key
            )
    except IntegrityError:
        existing = _existing_submit(actor=actor, idempotency_key=idempotency_key)
        if existing is None:
            raise
        return existing.thread
    _after_post(post)
    return thread


def post_create(
    *,
    actor: User,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    idempotency_key: str | None = None,
    post_anyway: bool = False,
) -> Post:
    """Reply in a thread. Repeat-safe per idempotency key (a double-submit makes one post)."""
    existing = _existing_submit(actor=actor, idempotency_key=idempotency_key)
    if existing is not None:
        return existing
    check_can_post(actor=actor, category=thread.category)
    check_thread_open(actor=actor, thread=thread)
    if reply_to is not None and reply_to.thread_id != thread.pk:
        reply_to = None
    checked = check_text(actor=actor, category=thread.category, body=body, post_anyway=post_anyway)
    try:
        with transaction.atomic():
            # Lock the thread row: a purge or lock running now wins or waits.
            if not Thread.objects.select_for_update().filter(pk=thread.pk).exists():
                raise ValidationError(_("This thread no longer exists."), code="thread_gone")
            post = _post_insert(
                actor=actor, thread=thread, checked=checked, reply_to=reply_to, key=idempotency_key
            )
    except IntegrityError:
        existing = _existing_submit(actor=actor, idempotency_key=idempotency_key)
        if existing is None:
            raise
        return existing
    _after_post(post)
    return post


def _after_post(post: Post) -> None:
    if post.moderation_state == Post.VISIBLE:
        transaction.on_commit(lambda: post_notify(post=post))


def post_edit(
    *, actor: User, post: Post, body: str, reason: str = "", post_anyway: bool = False
) -> Post:
    """Change a post's text, keeping the old text as a revision. Authors edit their own
    posts; moderators may edit any post (audited as forum.post.edited)."""
    _edit(actor=actor, post=post, body=body, reason=reason, post_anyway=post_anyway, audit=True)
    return post


def post_edit_by_moderator(*, post: Post, actor: User, text: str, reason: str) -> bool:
    """The moderation toolkit's edit hook (content_edit): the toolkit checks the role
    and writes the audit entry. False when the text did not change."""
    return _edit(actor=actor, post=post, body=text, reason=reason, post_anyway=True, audit=False)


def _edit(
    *, actor: User, post: Post, body: str, reason: str, post_anyway: bool, audit: bool
) -> bool:
    is_own = post.author_id is not None and post.author_id == actor.pk
    if post.is_deleted:
        raise ValidationError(_("A deleted post cannot be edited."), code="deleted")
    if not can_edit_post(actor, post):
        if not is_own:
            raise PermissionDenied(_("You can only edit your own posts."))
        if post.thread.is_locked:
            raise ValidationError(_("This thread is locked."), code="closed")
        raise PermissionDenied(_("You cannot post right now."))
    checked = check_text(
        actor=actor,
        category=post.thread.category,
        body=body,
        post_anyway=post_anyway,
        own_post=post,
    )
    if checked.body == post.body:
        return False
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, body_html=post.body_html, editor=actor, created_at=now
        )
        post.body = checked.body
        post.body_html = checked.body_html
        post.edited_at = now
        post.save(update_fields=["body", "body_html", "edited_at"])
        _relations_save(post=post, checked=checked)
        if audit and not is_own:
            audit_record(actor=actor, action="forum.post.edited", target=post, reason=reason)
        # An author's edit runs every check a new post runs: a held word, personal
        # information, a new member or a category that needs approval sends the post
        # back to the queue. (A moderator editing someone else's post is the review.)
        if is_own:
            moderation_services.content_resubmit(post, hold_reasons=checked.hold_reasons)
    return True


def post_state_changed(*, post: Post, old: str, new: str) -> None:
    """The moderation toolkit's on_state_changed hook: a hold, approval, hide or restore
    changed what the thread shows. Recount it, and once the post is first visible, tell
    the people it concerns (after the toolkit's transaction commits)."""
    thread_refresh(thread=post.thread)
    if new == Post.VISIBLE and post.notified_at is None:
        transaction.on_commit(lambda: post_notify(post=post))


def post_delete(*, actor: User, post: Post) -> Post:
    """An author removes their own post: the text and its history are gone, a
    placeholder keeps the thread's order. Repeat-safe."""
    if post.is_deleted:
        return post
    if not can_delete_post(actor, post):
        raise PermissionDenied(_("You can only delete your own posts."))
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.body = ""
        post.body_html = ""
        post.save(update_fields=["deleted_at", "body", "body_html"])
        PostRevision.objects.filter(post=post).delete()
        PostQuote.objects.filter(post=post).delete()
        PostMention.objects.filter(post=post).delete()
        Reaction.objects.filter(post=post).delete()
        thread_refresh(thread=post.thread)
    return post


def post_purge(*, post: Post, actor: User) -> None:
    """Remove a post for good (outing, doxxing): its edit history, reactions and
    mentions go with it, and every quote of it then shows "not available". Purging a
    thread's opening post purges the thread. Called by the moderation toolkit's
    content_purge, which audits it."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().filter(pk=post.thread_id).first()
        if thread is None:
            return
        if thread.first_post_id == post.pk:
            legacy_quote_copies_remove(
                post_ids=list(Post.objects.filter(thread=thread).values_list("pk", flat=True))
            )
            category = thread.category
            thread.delete()
            category_refresh(category=category)
            return
        legacy_quote_copies_remove(post_ids=[post.pk])
        post.delete()
        thread_refresh(thread=thread)


def legacy_quote_copies_remove(*, post_ids: list[int]) -> None:
    """Quotes are references now (forum.quotes), so purging or erasing a post needs
    nothing in the posts that quote it. Quotes copied the old way, at any depth, and
    which the migration could not turn into references, are cut out here, from the
    posts and their earlier versions."""
    for post_id in post_ids:
        head = f"/forum/p/{int(post_id)}/)"
        for other in Post.objects.filter(body__contains=head).exclude(pk=post_id):
            other.body = legacy_quotes_remove(other.body, post_id=post_id)
            other.body_html = body_render(other.body)
            other.save(update_fields=["body", "body_html"])
        for revision in PostRevision.objects.filter(body__contains=head).exclude(post_id=post_id):
            revision.body = legacy_quotes_remove(revision.body, post_id=post_id)
            revision.body_html = body_render(revision.body)
            revision.save(update_fields=["body", "body_html"])
