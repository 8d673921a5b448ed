"""Moderation actions on content: one atomic, repeat-safe function per action.

Each function returns True when it changed something and False when the content was
already in the requested state (a repeat); only a change writes an audit entry.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.moderation.models import ModerationState, Report, ReviewItem
from community.moderation.policies import can_decide_on, is_about
from community.moderation.selectors import member_needs_approval
from community.moderation.services._notify import notify_member
from community.moderation.services.trust import trust_post_counted
from community.notifications.services import notifications_for_target_delete
from community.policies import is_moderator
from community.registries.content import ContentAdapter, adapter_for


def _require_moderator(actor: Any, obj: Any) -> None:
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can do this."))
    if not can_decide_on(actor, obj):
        raise PermissionDenied(_("This is about you: another moderator decides."))


def _moderatable(obj: Any) -> ContentAdapter:
    adapter = adapter_for(obj)
    if not adapter.is_moderatable:
        raise ValidationError(_("This kind of content cannot be held or hidden."))
    return adapter


def _locked(obj: Any) -> Any:
    """Re-read the row under a lock so two moderators cannot both act on a stale copy."""
    return obj.__class__._default_manager.select_for_update().get(pk=obj.pk)


def _set_state(adapter: ContentAdapter, obj: Any, fresh: Any, *, state: str, reason: str) -> None:
    """Save the new state, then let the app follow (its `on_state_changed` hook runs in
    this transaction: counters, notifications after commit)."""
    old = fresh.moderation_state
    fresh.moderation_state = state
    fresh.moderation_reason = reason
    fresh.hidden_at = timezone.now() if state == ModerationState.HIDDEN else None
    fresh.save(update_fields=["moderation_state", "moderation_reason", "hidden_at"])
    # Keep the caller's instance in step with the database.
    obj.moderation_state = fresh.moderation_state
    obj.moderation_reason = fresh.moderation_reason
    obj.hidden_at = fresh.hidden_at
    adapter.state_changed(obj, old=old, new=state)


def review_open(*, target: Any, held_reason: str = "") -> ReviewItem:
    """The open review item for `target`, created when there is none (repeat-safe)."""
    ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
    item, created = ReviewItem.objects.get_or_create(
        content_type=ct,
        object_id=str(target.pk),
        status=ReviewItem.Status.OPEN,
        defaults={"held_reason": held_reason},
    )
    if not created and held_reason and not item.held_reason:
        item.held_reason = held_reason
        item.save(update_fields=["held_reason"])
    return item


def review_close(*, target: Any, actor: Any, decision: str) -> int:
    """Close the open review item of `target` (its reports are decided with it).
    Never by the moderator the case is about."""
    if is_about(actor, target):
        raise PermissionDenied(_("This is about you: another moderator decides."))
    ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return ReviewItem.objects.filter(
        content_type=ct, object_id=str(target.pk), status=ReviewItem.Status.OPEN
    ).update(
        status=ReviewItem.Status.CLOSED,
        closed_at=timezone.now(),
        closed_by=actor if getattr(actor, "pk", None) else None,
        decision=decision,
    )


@transaction.atomic
def content_hold(obj: Any, *, reason: str) -> bool:
    """Hold content for review (first posts, personal information, watched words,
    category approval). The author sees `reason`; others no longer see the content."""
    adapter = _moderatable(obj)
    fresh = _locked(obj)
    review_open(target=obj, held_reason=reason)
    if fresh.moderation_state == ModerationState.HELD:
        return False
    _set_state(adapter, obj, fresh, state=ModerationState.HELD, reason=reason)
    audit_record(actor=None, action=f"{adapter.audit_label}.held", target=obj, reason=reason)
    return True


def content_submit(obj: Any, *, hold_reasons: Sequence[str] = ()) -> bool:
    """Call right after saving new content. Holds it when the author still needs
    approval (trust "new") or when `hold_reasons` (personal information, watched words,
    a category that needs approval) are given; otherwise counts it toward the author's
    trust. Returns True when the content was held."""
    adapter = adapter_for(obj)
    reasons = _submit_reasons(obj, adapter, hold_reasons)
    if reasons:
        content_hold(obj, reason=" ".join(reasons))
        return True
    author = adapter.author(obj)
    if author is not None:
        trust_post_counted(member=author)
    return False


def _submit_reasons(obj: Any, adapter: ContentAdapter, hold_reasons: Sequence[str]) -> list[str]:
    author = adapter.author(obj)
    reasons = [r for r in hold_reasons if r]
    if author is not None and member_needs_approval(author):
        reasons.insert(0, _("The first posts of new members are checked by a moderator."))
    return reasons


def content_resubmit(obj: Any, *, hold_reasons: Sequence[str] = ()) -> bool:
    """Call right after an author changed their content: the same holds as
    content_submit (new member, watched words, personal information, a category that
    needs approval), so an edit cannot slip past the queue. Visible content with a
    reason goes back to the queue; hidden content stays hidden. Trust is not counted
    again. Returns True when the content is held."""
    adapter = adapter_for(obj)
    reasons = _submit_reasons(obj, adapter, hold_reasons)
    if not reasons or obj.moderation_state == ModerationState.HIDDEN:
        return False
    content_hold(obj, reason=" ".join(reasons))
    return True


@transaction.atomic
def content_approve(obj: Any, *, actor: Any, reason: str = "") -> bool:
    """Approve held content or dismiss reports: the content becomes (or stays) visible
    and the open review item is closed. Approving held content counts toward trust."""
    _require_moderator(actor, obj)
    adapter = _moderatable(obj)
    fresh = _locked(obj)
    was_held = fresh.moderation_state == ModerationState.HELD
    closed = review_close(target=obj, actor=actor, decision="approved")
    if fresh.moderation_state == ModerationState.VISIBLE and not closed:
        return False
    if fresh.moderation_state != ModerationState.VISIBLE:
        _set_state(adapter, obj, fresh, state=ModerationState.VISIBLE, reason="")
    audit_record(
        actor=actor,
        action=f"{adapter.audit_label}.approved",
        target=obj,
        reason=reason,
        data={"was": "held" if was_held else fresh.moderation_state},
    )
    author = adapter.author(obj)
    if was_held and author is not None:
        trust_post_counted(member=author)
        notify_member(
            recipient=author,
            target=obj,
            url=adapter.url(obj),
            text=_("A moderator approved your post."),
        )
    return True


@transaction.atomic
def content_reject(obj: Any, *, actor: Any, reason: str) -> bool:
    """Do not publish held content; the author sees the reason."""
    _require_moderator(actor, obj)
    adapter = _moderatable(obj)
    fresh = _locked(obj)
    closed = review_close(target=obj, actor=actor, decision="rejected")
    if fresh.moderation_state == ModerationState.HIDDEN and not closed:
        return False
    _set_state(adapter, obj, fresh, state=ModerationState.HIDDEN, reason=reason)
    audit_record(actor=actor, action=f"{adapter.audit_label}.rejected", target=obj, reason=reason)
    notify_member(
        recipient=adapter.author(obj),
        target=obj,
        url=adapter.url(obj),
        text=_("A moderator did not publish your post. You can see why with your post."),
    )
    return True


@transaction.atomic
def content_hide(obj: Any, *, actor: Any, reason: str) -> bool:
    """Hide content (reversible). With `actor` None (hidden automatically after
    reports) the review stays open until a moderator decides."""
    if actor is not None:
        _require_moderator(actor, obj)
    adapter = _moderatable(obj)
    fresh = _locked(obj)
    closed = review_close(target=obj, actor=actor, decision="hidden") if actor else 0
    if fresh.moderation_state == ModerationState.HIDDEN and not closed:
        return False
    if fresh.moderation_state != ModerationState.HIDDEN:
        _set_state(adapter, obj, fresh, state=ModerationState.HIDDEN, reason=reason)
    audit_record(actor=actor, action=f"{adapter.audit_label}.hidden", target=obj, reason=reason)
    notify_member(
        recipient=adapter.author(obj),
        target=obj,
        url=adapter.url(obj),
        text=_("One of your posts has been hidden. You can see why with your post."),
    )
    return True


@transaction.atomic
def content_restore(obj: Any, *, actor: Any, reason: str) -> bool:
    """Make hidden content visible again."""
    _require_moderator(actor, obj)
    adapter = _moderatable(obj)
    fresh = _locked(obj)
    closed = review_close(target=obj, actor=actor, decision="restored")
    if fresh.moderation_state == ModerationState.VISIBLE and not closed:
        return False
    if fresh.moderation_state != ModerationState.VISIBLE:
        _set_state(adapter, obj, fresh, state=ModerationState.VISIBLE, reason="")
    audit_record(actor=actor, action=f"{adapter.audit_label}.restored", target=obj, reason=reason)
    return True


@transaction.atomic
def content_edit(obj: Any, *, actor: Any, text: str, reason: str) -> bool:
    """A moderator edits content (e.g. removes a phone number) through the adapter's
    `edit` hook, or the `body` field when the app registered none. The review stays
    open: approve or hide afterwards."""
    _require_moderator(actor, obj)
    adapter = adapter_for(obj)
    if not adapter.can_edit:
        raise ValidationError(_("This kind of content cannot be edited here."))
    if adapter.current_text(obj) == text:
        return False
    if adapter.edit is not None:
        # The hook changes the text and audits nothing: the one entry is written here.
        if adapter.edit(obj, actor, text, reason) is False:
            return False
    else:
        obj.body = text
        obj.save(update_fields=["body"])
    audit_record(actor=actor, action=f"{adapter.audit_label}.edited", target=obj, reason=reason)
    return True


@transaction.atomic
def content_purge(obj: Any, *, actor: Any, reason: str) -> bool:
    """Remove content for good (outing, doxxing). The app's purge hook deletes the
    content, its edit history and quotes of it; the toolkit deletes reports, review
    items and notifications pointing at it. The audit log keeps only ids."""
    _require_moderator(actor, obj)
    adapter = adapter_for(obj)
    model = obj.__class__
    if obj.pk is None or not model._default_manager.filter(pk=obj.pk).exists():
        return False
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    object_id = str(obj.pk)
    audit_record(actor=actor, action=f"{adapter.audit_label}.purged", target=obj, reason=reason)
    Report.objects.filter(review__content_type=ct, review__object_id=object_id).delete()
    ReviewItem.objects.filter(content_type=ct, object_id=object_id).delete()
    _purge_notifications(obj)
    adapter.purge(obj, actor)
    return True


def _purge_notifications(target: Any) -> None:
    """Notifications whose target is the purged content go with it."""
    notifications_for_target_delete(target)
