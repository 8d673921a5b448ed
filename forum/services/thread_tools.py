"""Moderators' thread tools: lock, pin, close, slow mode, move, split, merge. Each
writes one audit entry (forum.thread.locked …)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.models import User
from forum.models import Category, Post, Thread, Watch
from forum.policies import can_use_thread_tools
from forum.services.checks import clean_title
from forum.services.counters import category_refresh, thread_refresh


def _require_thread_tools(*, actor: User, thread: Thread) -> None:
    if not can_use_thread_tools(actor, thread):
        raise PermissionDenied(_("Only moderators can do this."))


def _locked(thread: Thread) -> Thread | None:
    """The thread's row, locked: two moderators acting at once see each other's result."""
    return Thread.objects.select_for_update().filter(pk=thread.pk).first()


def _thread_flag(
    *, actor: User, thread: Thread, field: str, value: Any, action: str, reason: str
) -> Thread:
    """Set one field; a repeat (the field already has the value) changes nothing and
    writes no audit entry."""
    _require_thread_tools(actor=actor, thread=thread)
    with transaction.atomic():
        fresh = _locked(thread)
        if fresh is None:
            raise ValidationError(_("This thread no longer exists."), code="thread_gone")
        if getattr(fresh, field) == value:
            setattr(thread, field, value)
            return thread
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        audit_record(
            actor=actor, action=action, target=thread, reason=reason, data={field: str(value)}
        )
    return thread


def thread_lock(*, actor: User, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_locked", value=True,
        action="forum.thread.locked", reason=reason,
    )  # fmt: skip


def thread_unlock(*, actor: User, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_locked", value=False,
        action="forum.thread.unlocked", reason=reason,
    )  # fmt: skip


def thread_pin(*, actor: User, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_pinned", value=True,
        action="forum.thread.pinned", reason=reason,
    )  # fmt: skip


def thread_unpin(*, actor: User, thread: Thread, reason: str = "") -> Thread:
    return _thread_flag(
        actor=actor, thread=thread, field="is_pinned", value=False,
        action="forum.thread.unpinned", reason=reason,
    )  # fmt: skip


def thread_close_at(
    *, actor: User, thread: Thread, closes_at: datetime | None, reason: str = ""
) -> Thread:
    """Close the thread for replies at a time (None: never)."""
    return _thread_flag(
        actor=actor, thread=thread, field="closes_at", value=closes_at,
        action="forum.thread.close_scheduled", reason=reason,
    )  # fmt: skip


def thread_slow_mode(*, actor: User, thread: Thread, minutes: int, reason: str = "") -> Thread:
    """One post per member per `minutes` (0 turns slow mode off)."""
    if minutes < 0 or minutes > 24 * 60:
        raise ValidationError(_("Slow mode is between 0 and 1440 minutes."), code="slow_mode")
    return _thread_flag(
        actor=actor, thread=thread, field="slow_mode_minutes", value=minutes,
        action="forum.thread.slow_mode", reason=reason,
    )  # fmt: skip


def thread_move(*, actor: User, thread: Thread, category: Category, reason: str = "") -> Thread:
    _require_thread_tools(actor=actor, thread=thread)
    with transaction.atomic():
        fresh = _locked(thread)
        if fresh is None:
            raise ValidationError(_("This thread no longer exists."), code="thread_gone")
        old = fresh.category
        if old.pk == category.pk:
            thread.category = category
            return thread
        thread.category = category
        thread.save(update_fields=["category"])
        category_refresh(category=old)
        category_refresh(category=category)
        audit_record(
            actor=actor,
            action="forum.thread.moved",
            target=thread,
            reason=reason,
            data={"from": old.pk, "to": category.pk},
        )
    return thread


def thread_split(
    *, actor: User, thread: Thread, post_ids: list[int], title: str, reason: str = ""
) -> Thread:
    """Move the chosen posts (not the opening post) into a new thread in the same
    category. A repeat finds the posts gone and refuses, creating nothing."""
    _require_thread_tools(actor=actor, thread=thread)
    title = clean_title(title)
    with transaction.atomic():
        fresh = _locked(thread)
        posts = list(
            Post.objects.filter(thread=thread, pk__in=post_ids)
            .exclude(pk=fresh.first_post_id if fresh else None)
            .order_by("id")
        )
        if fresh is None or not posts:
            raise ValidationError(_("Choose at least one reply to split off."), code="split")
        new = Thread.objects.create(
            category=thread.category,
            title=title,
            author=posts[0].author,
            created_at=posts[0].created_at,
        )
        Post.objects.filter(pk__in=[p.pk for p in posts]).update(thread=new)
        thread_refresh(thread=thread)
        thread_refresh(thread=new)
        audit_record(
            actor=actor,
            action="forum.thread.split",
            target=thread,
            reason=reason,
            data={"new_thread": new.pk, "posts": [p.pk for p in posts]},
        )
    return new


def thread_merge(*, actor: User, source: Thread, target: Thread, reason: str = "") -> Thread:
    """Move every post of `source` into `target` (in time order) and remove `source`.
    A repeat (source already merged away) changes nothing."""
    _require_thread_tools(actor=actor, thread=source)
    if source.pk == target.pk:
        raise ValidationError(_("A thread cannot be merged into itself."), code="merge")
    with transaction.atomic():
        if _locked(source) is None:
            return target
        Post.objects.filter(thread=source).update(thread=target)
        for watch in Watch.objects.filter(thread=source):
            Watch.objects.get_or_create(member_id=watch.member_id, thread=target)
        source_id = source.pk
        source_category = source.category
        audit_record(
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
