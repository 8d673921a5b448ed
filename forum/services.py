"""Writes in the forum. Views, the moderation toolkit and commands call these; none
takes a request. Every moderator action writes one audit entry (forum.thread.locked …).

Errors a member can fix raise django.core.exceptions.ValidationError with a message
for them; `PersonalInformationWarning` asks them to look at their text once more.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import User
from community.moderation import selectors as moderation_selectors
from community.moderation import services as moderation_services
from community.notifications.services import notification_create
from community.policies import member_may_post
from community.selectors import is_blocked_by
from community.text import render_markdown
from forum import policies
from forum.models import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Post,
    PostMention,
    PostQuote,
    PostRevision,
    Reaction,
    ReadState,
    Thread,
    Watch,
)
from forum.text import mentioned_names, quoted_post_ids, remove_quotes_of

# Links a member adds: web addresses, and Markdown links to other places (a quote's
# link to the quoted post does not count).
_LINK = re.compile(r"https?://|www\.|\]\((?!https?://|www\.|/forum/p/\d+/\))", re.IGNORECASE)


class PersonalInformationWarning(Exception):
    """The text seems to contain personal information; the author decides."""

    def __init__(self, findings: list[Any]) -> None:
        super().__init__("personal information found")
        self.findings = findings


@dataclass(frozen=True)
class _Checked:
    body: str
    quoted: list[Post]
    mentioned: list[Any]
    hold_reasons: list[str]
    personal_information: bool


# --- Checks shared by new posts and edits -------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before you post."), code="empty")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _(
                "Your text is %(length)s characters; the limit is %(limit)s. Nothing is lost:"
                " shorten it or split it over two posts."
            )
            % {"length": len(body), "limit": BODY_MAX_LENGTH},
            code="too_long",
        )
    return body


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give your thread a title."), code="empty_title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("The title is %(length)s characters; the limit is %(limit)s.")
            % {"length": len(title), "limit": TITLE_MAX_LENGTH},
            code="title_too_long",
        )
    return title


def _check_can_post(*, actor: Any, category: Category) -> None:
    if policies.can_start_thread(actor, category):
        return
    if not member_may_post(actor):
        raise PermissionDenied(_("You cannot post right now."))
    raise PermissionDenied(_("Only moderators and support workers post here."))


def _check_can_reply(*, actor: Any, thread: Thread) -> None:
    if not policies.can_reply(actor, thread):
        _check_can_post(actor=actor, category=thread.category)
        if thread.is_closed:
            raise ValidationError(_("This thread is closed: no new replies."), code="closed")
        raise PermissionDenied(_("You cannot reply in this thread."))
    if policies.slow_mode_applies(actor, thread):
        since = timezone.now() - timedelta(minutes=thread.slow_mode_minutes)
        if Post.objects.filter(thread=thread, author=actor, created_at__gt=since).exists():
            raise ValidationError(
                ngettext(
                    "Slow mode is on: one post per member every %(minutes)s minute.",
                    "Slow mode is on: one post per member every %(minutes)s minutes.",
                    thread.slow_mode_minutes,
                )
                % {"minutes": thread.slow_mode_minutes},
                code="slow_mode",
            )


def _check_text(
    *, actor: Any, category: Category, body: str, post_anyway: bool, own_post: Post | None = None
) -> _Checked:
    """Quotes, mentions, personal information and the holds that follow from them."""
    body = _clean_body(body)
    quoted_ids = [pk for pk in quoted_post_ids(body) if own_post is None or pk != own_post.pk]
    quoted = list(
        Post.objects.filter(pk__in=quoted_ids).select_related("thread__category", "author")
    )
    for post in quoted:
        # One neutral message for every post that cannot be quoted, so that a
        # member who was blocked cannot tell that from a hidden or deleted post.
        if not policies.can_quote(actor, post) or (
            post.author is not None and is_blocked_by(member=actor, other=post.author)
        ):
            raise ValidationError(
                _("Post #%(id)s can no longer be quoted. Remove that quote to post.")
                % {"id": post.pk},
                code="quote_refused",
            )
    names = mentioned_names(body)
    mentioned = []
    if names:
        query = Q()
        for name in names:
            query |= Q(username__iexact=name)
        candidates = User.objects.filter(query, status=User.Status.APPROVED, is_active=True)
        # A mention of someone who blocked the author simply is not one: no link to
        # them, no notification, and the author is not told.
        mentioned = [
            member
            for member in candidates
            if member.pk != actor.pk
            and policies.can_be_told_about(member, category)
            and not is_blocked_by(member=actor, other=member)
        ]
    problems = moderation_selectors.content_limits_for(actor).errors(
        links=len(_LINK.findall(body)), images=body.count("!["), mentions=len(names)
    )
    if problems:
        raise ValidationError(problems, code="limits")
    # Watched words (block, hold, censor) and the personal-information guard.
    check = moderation_services.text_check(author=actor, text=body)
    if check.blocked:
        raise ValidationError(check.message, code="watched_word")
    body = check.text
    findings = check.personal_information
    if findings and not post_anyway:
        raise PersonalInformationWarning(findings)
    hold_reasons = list(check.hold_reasons)
    if policies.needs_approval_in(actor, category):
        hold_reasons.append(_("Posts in this category are checked by a moderator first."))
    return _Checked(
        body=body,
        quoted=quoted,
        mentioned=mentioned,
        hold_reasons=hold_reasons,
        personal_information=bool(findings),
    )


# --- Posting -------------------------------------------------------------------------------


def _existing_submit(*, actor: Any, idempotency_key: str | None) -> Post | None:
    if not idempotency_key:
        return None
    return (
        Post.objects.filter(author=actor, idempotency_key=idempotency_key)
        .select_related("thread")
        .first()
    )


def _post_insert(
    *, actor: Any, thread: Thread, checked: _Checked, reply_to: Post | None, key: str | None
) -> Post:
    post = Post.objects.create(
        thread=thread,
        author=actor,
        body=checked.body,
        body_html=render_markdown(checked.body),
        reply_to=reply_to,
        idempotency_key=key or "",
    )
    _relations_save(post=post, checked=checked)
    # Holds new members' first posts, and posts with the reasons above; otherwise
    # counts the post toward the author's trust.
    if moderation_services.content_submit(post, hold_reasons=checked.hold_reasons):
        post.refresh_from_db(fields=["moderation_state", "moderation_reason"])
    return post


def _relations_save(*, post: Post, checked: _Checked) -> None:
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
    actor: Any,
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
    _check_can_post(actor=actor, category=category)
    title = _clean_title(title)
    checked = _check_text(actor=actor, category=category, body=body, post_anyway=post_anyway)
    try:
        with transaction.atomic():
            thread = Thread.objects.create(category=category, title=title, author=actor)
            post = _post_insert(
                actor=actor, thread=thread, checked=checked, reply_to=None, key=idempotency_key
            )
            thread_refresh(thread=thread)
    except IntegrityError:
        existing = _existing_submit(actor=actor, idempotency_key=idempotency_key)
        if existing is None:
            raise
        return existing.thread
    _after_post(post)
    return thread


def post_create(
    *,
    actor: Any,
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
    _check_can_reply(actor=actor, thread=thread)
    if reply_to is not None and reply_to.thread_id != thread.pk:
        reply_to = None
    checked = _check_text(actor=actor, category=thread.category, body=body, post_anyway=post_anyway)
    try:
        with transaction.atomic():
            # Lock the thread row: a purge or lock running now wins or waits.
            if not Thread.objects.select_for_update().filter(pk=thread.pk).exists():
                raise ValidationError(_("This thread no longer exists."), code="thread_gone")
            post = _post_insert(
                actor=actor, thread=thread, checked=checked, reply_to=reply_to, key=idempotency_key
            )
            thread_refresh(thread=thread)
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
    *, actor: Any, post: Post, body: str, reason: str = "", post_anyway: bool = False
) -> Post:
    """Change a post's text, keeping the old text as a revision. Authors edit their own
    posts; moderators may edit any post (audited as forum.post.edited)."""
    is_own = post.author_id is not None and post.author_id == actor.pk
    if not policies.can_edit_post(actor, post):
        if post.is_deleted:
            raise ValidationError(_("A deleted post cannot be edited."), code="deleted")
        if not is_own or not policies.can_see_post(actor, post):
            raise PermissionDenied(_("You can only edit your own posts."))
        if post.thread.is_locked:
            raise ValidationError(_("This thread is locked."), code="closed")
        raise PermissionDenied(_("You cannot post right now."))
    checked = _check_text(
        actor=actor,
        category=post.thread.category,
        body=body,
        post_anyway=post_anyway,
        own_post=post,
    )
    if checked.body == post.body:
        return post
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post, body=post.body, body_html=post.body_html, editor=actor, created_at=now
        )
        post.body = checked.body
        post.body_html = render_markdown(checked.body)
        post.edited_at = now
        post.save(update_fields=["body", "body_html", "edited_at"])
        _relations_save(post=post, checked=checked)
        if not is_own:
            moderation_services.audit_record(
                actor=actor, action="forum.post.edited", target=post, reason=reason
            )
        # Personal information added in an edit sends the post back to the queue.
        if checked.personal_information and is_own and post.moderation_state == Post.VISIBLE:
            moderation_services.content_hold(post, reason=" ".join(checked.hold_reasons))
    return post


def post_edit_by_moderator(post: Post, actor: Any, text: str, reason: str) -> None:
    """The review queue's edit action (registry adapter)."""
    post_edit(actor=actor, post=post, body=text, reason=reason, post_anyway=True)


def post_delete(*, actor: Any, post: Post) -> Post:
    """An author removes their own post: the text and its history are gone, a
    placeholder keeps the thread's order. Repeat-safe."""
    if post.is_deleted and post.author_id is not None and post.author_id == actor.pk:
        return post
    if not policies.can_delete_post(actor, post):
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


def post_purge(post: Post, actor: Any) -> None:
    """Remove a post for good (outing, doxxing): its edit history, quotes of it in other
    posts, reactions and mentions. Purging a thread's opening post purges the thread.
    Called by the moderation toolkit's content_purge, which audits it."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().filter(pk=post.thread_id).first()
        if thread is None:
            return
        if thread.first_post_id == post.pk:
            posts = list(Post.objects.filter(thread=thread))
            for each in posts:
                _quotes_remove(post=each, actor=actor)
            category = thread.category
            thread.delete()
            category_refresh(category=category)
            return
        _quotes_remove(post=post, actor=actor)
        post.delete()
        thread_refresh(thread=thread)


def _quotes_remove(*, post: Post, actor: Any) -> None:
    quoting = Post.objects.filter(quotes_made__quoted=post).exclude(pk=post.pk)
    for other in quoting:
        other.body = remove_quotes_of(other.body, post_id=post.pk)
        other.body_html = render_markdown(other.body)
        other.save(update_fields=["body", "body_html"])
        # The removed text must not survive in the other post's history either.
        other.revisions.all().delete()
        PostQuote.objects.filter(post=other, quoted=post).delete()


# --- Counters -------------------------------------------------------------------------------


def thread_refresh(*, thread: Thread) -> None:
    """Recompute a thread's cached counters and visibility, then its category's."""
    posts = Post.objects.filter(thread=thread)
    first = posts.order_by("id").only("id", "moderation_state").first()
    visible = posts.filter(moderation_state=Post.VISIBLE, deleted_at__isnull=True)
    last = visible.order_by("-id").only("id", "created_at").first()
    thread.first_post_id = first.pk if first else None
    thread.is_visible = first is not None and first.moderation_state == Post.VISIBLE
    thread.post_count = visible.count()
    thread.last_post_id = last.pk if last else None
    thread.last_post_at = last.created_at if last else thread.created_at
    thread.save(
        update_fields=["first_post", "is_visible", "post_count", "last_post", "last_post_at"]
    )
    category_refresh(category=thread.category)


def category_refresh(*, category: Category) -> None:
    totals = Thread.objects.filter(category=category, is_visible=True).aggregate(
        threads=Count("id"), posts=Sum("post_count"), last=Max("last_post_at")
    )
    category.thread_count = totals["threads"] or 0
    category.post_count = totals["posts"] or 0
    category.last_post_at = totals["last"]
    category.save(update_fields=["thread_count", "post_count", "last_post_at"])


# --- Notifications ----------------------------------------------------------------------------


def post_notify(*, post: Post) -> None:
    """Tell mentioned, quoted, replied-to members and watchers about a visible post —
    each member once, by the most personal reason. Runs once per post."""
    updated = Post.objects.filter(pk=post.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not updated:
        return
    post = Post.objects.select_related("thread__category", "author").get(pk=post.pk)
    author = post.author
    if author is None:
        return
    category = post.thread.category
    url = reverse("forum:post", args=[post.pk])
    name = author.username
    recipients: dict[int, tuple[Any, str, str]] = {}

    def add(member: Any, kind: str, text: str) -> None:
        if member is None or member.pk == author.pk or member.pk in recipients:
            return
        if not policies.can_be_told_about(member, category):
            return
        recipients[member.pk] = (member, kind, text)

    for mention in post.mentions.select_related("member"):
        add(mention.member, "mention", _("@%(name)s mentioned you") % {"name": name})
    for quote in post.quotes_made.select_related("quoted__author"):
        add(quote.quoted.author, "quote", _("@%(name)s quoted your post") % {"name": name})
    replied_to = post.reply_to.author if post.reply_to_id and post.reply_to else None
    if replied_to is None and post.thread.first_post_id != post.pk:
        replied_to = post.thread.author
    add(replied_to, "reply", _("@%(name)s replied to you") % {"name": name})
    watchers = Watch.objects.filter(Q(thread=post.thread) | Q(category=category)).select_related(
        "member"
    )
    for watch in watchers:
        add(watch.member, "watched", _("New post in a thread or category you watch"))
    for member, kind, text in recipients.values():
        notification_create(
            recipient=member, kind=kind, actor=author, target=post, url=url, text=text
        )


# --- Reactions, watching, blocking, read state ----------------------------------------------


def reaction_toggle(*, actor: Any, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back when it is already there. True when added."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."), code="reaction")
    if not policies.can_react(actor, post):
        if not member_may_post(actor):
            raise PermissionDenied(_("You cannot react right now."))
        raise ValidationError(_("This post cannot get reactions."), code="reaction")
    if post.author_id and is_blocked_by(member=actor, other=post.author):
        # Silently nothing: the blocked member is not told.
        return False
    deleted, _rows = Reaction.objects.filter(post=post, member=actor, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, member=actor, kind=kind)
    return True


def thread_watch_set(*, actor: Any, thread: Thread, watching: bool) -> None:
    if watching:
        Watch.objects.get_or_create(member=actor, thread=thread)
    else:
        Watch.objects.filter(member=actor, thread=thread).delete()


def category_watch_set(*, actor: Any, category: Category, watching: bool) -> None:
    if watching:
        Watch.objects.get_or_create(member=actor, category=category)
    else:
        Watch.objects.filter(member=actor, category=category).delete()


def read_state_mark(*, member: Any, thread: Thread, post_id: int) -> None:
    """Remember the newest post the member has seen in the thread (never goes back)."""
    updated = ReadState.objects.filter(
        member=member, thread=thread, last_read_post_id__lt=post_id
    ).update(last_read_post_id=post_id, updated_at=timezone.now())
    if not updated:
        ReadState.objects.get_or_create(
            member=member, thread=thread, defaults={"last_read_post_id": post_id}
        )


# --- Thread tools (moderators) ----------------------------------------------------------------


def _require_moderator(actor: Any) -> None:
    if not policies.can_use_thread_tools(actor):
        raise PermissionDenied(_("Only moderators can do this."))


def _thread_flag(*, actor: Any, thread: Thread, field: str, value: Any, action: str, reason: str):
    _require_moderator(actor)
    with transaction.atomic():
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        moderation_services.audit_record(
            actor=actor, action=action, target=thread, reason=reason, data={field: str(value)}
        )
    return thread


def thread_lock(*, actor: Any, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_locked", value=True,
        action="forum.thread.locked", reason=reason,
    )  # fmt: skip


def thread_unlock(*, actor: Any, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_locked", value=False,
        action="forum.thread.unlocked", reason=reason,
    )  # fmt: skip


def thread_pin(*, actor: Any, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_pinned", value=True,
        action="forum.thread.pinned", reason=reason,
    )  # fmt: skip


def thread_unpin(*, actor: Any, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_pinned", value=False,
        action="forum.thread.unpinned", reason=reason,
    )  # fmt: skip


def thread_close_at(
    *, actor: Any, thread: Thread, closes_at: datetime | None, reason: str = ""
) -> Thread:
    """Close the thread for replies at a time (None: never)."""
    return _thread_flag(
        actor=actor, thread=thread, field="closes_at", value=closes_at,
        action="forum.thread.close_scheduled", reason=reason,
    )  # fmt: skip


def thread_slow_mode(*, actor: Any, thread: Thread, minutes: int, reason: str = "") -> Thread:
    """One post per member per `minutes` (0 turns slow mode off)."""
    if minutes < 0 or minutes > 24 * 60:
        raise ValidationError(_("Slow mode is between 0 and 1440 minutes."), code="slow_mode")
    return _thread_flag(
        actor=actor, thread=thread, field="slow_mode_minutes", value=minutes,
        action="forum.thread.slow_mode", reason=reason,
    )  # fmt: skip


def thread_move(*, actor: Any, thread: Thread, category: Category, reason: str = "") -> Thread:
    _require_moderator(actor)
    old = thread.category
    if old.pk == category.pk:
        return thread
    with transaction.atomic():
        thread.category = category
        thread.save(update_fields=["category"])
        category_refresh(category=old)
        category_refresh(category=category)
        moderation_services.audit_record(
            actor=actor,
            action="forum.thread.moved",
            target=thread,
            reason=reason,
            data={"from": old.pk, "to": category.pk},
        )
    return thread


def thread_split(
    *, actor: Any, thread: Thread, post_ids: list[int], title: str, reason: str = ""
) -> Thread:
    """Move the chosen posts (not the opening post) into a new thread in the same category."""
    _require_moderator(actor)
    title = _clean_title(title)
    posts = list(
        Post.objects.filter(thread=thread, pk__in=post_ids)
        .exclude(pk=thread.first_post_id)
        .order_by("id")
    )
    if not posts:
        raise ValidationError(_("Choose at least one reply to split off."), code="split")
    with transaction.atomic():
        new = Thread.objects.create(
            category=thread.category,
            title=title,
            author=posts[0].author,
            created_at=posts[0].created_at,
        )
        Post.objects.filter(pk__in=[p.pk for p in posts]).update(thread=new)
        thread_refresh(thread=thread)
        thread_refresh(thread=new)
        moderation_services.audit_record(
            actor=actor,
            action="forum.thread.split",
            target=thread,
            reason=reason,
            data={"new_thread": new.pk, "posts": [p.pk for p in posts]},
        )
    return new


def thread_merge(*, actor: Any, source: Thread, target: Thread, reason: str = "") -> Thread:
    """Move every post of `source` into `target` (in time order) and remove `source`."""
    _require_moderator(actor)
    if source.pk == target.pk:
        raise ValidationError(_("A thread cannot be merged into itself."), code="merge")
    with transaction.atomic():
        Post.objects.filter(thread=source).update(thread=target)
        for watch in Watch.objects.filter(thread=source):
            Watch.objects.get_or_create(member_id=watch.member_id, thread=target)
        source_id = source.pk
        source_category = source.category
        moderation_services.audit_record(
            actor=actor,
            action="forum.thread.merged",
            target=target,
            reason=reason,
            data={"merged_thread": source_id},
        )
        source.delete()
        thread_refresh(thread=target)
        category_refresh(category=source_category)
    return target
