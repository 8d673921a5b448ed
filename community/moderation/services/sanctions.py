"""The sanctions ladder (warning → silence → suspension → ban), notes and appeals."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.models import SANCTION_FOREVER, Invitation
from community.moderation.models import Appeal, ModeratorNote, Sanction
from community.moderation.realtime import broadcast_member_sanctioned
from community.moderation.services._notify import notify_member
from community.policies import is_moderator
from community.roles import Role

# Audit verbs per kind: community.member.warned, .silenced, .suspended, .banned
SANCTION_VERBS = {
    Sanction.Kind.WARNING: "warned",
    Sanction.Kind.SILENCE: "silenced",
    Sanction.Kind.SUSPENSION: "suspended",
    Sanction.Kind.BAN: "banned",
}

# A double-submit of the same sanction within this window returns the first one.
_REPEAT_WINDOW = timedelta(minutes=5)


def member_sanction_state_refresh(*, member: Any) -> None:
    """Write the sanctions in force to the account row (User.suspended_until and
    silenced_until), which community.policies reads on every request and socket.
    Called inside every transaction that creates or ends a sanction."""
    now = timezone.now()
    suspended_until = silenced_until = None
    for sanction in Sanction.objects.filter(member_id=member.pk).active(now=now):
        end = sanction.ends_at or SANCTION_FOREVER
        if sanction.kind in Sanction.EXCLUDING:
            suspended_until = max(filter(None, [suspended_until, end]))
        else:
            silenced_until = max(filter(None, [silenced_until, end]))
    get_user_model().objects.filter(pk=member.pk).update(
        suspended_until=suspended_until, silenced_until=silenced_until
    )
    # The caller's instance (often request.user or a consumer's user) sees it too.
    member.suspended_until = suspended_until
    member.silenced_until = silenced_until


def _invitations_end(*, member: Any) -> int:
    """End the member's unused invitation codes now: nobody joins on the word of
    someone the community has excluded (and lifting the sanction does not bring the
    codes back). Returns how many were open."""
    return Invitation.objects.open().filter(created_by=member).update(expires_at=timezone.now())


def _require_moderator(actor: Any) -> None:
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can do this."))


@transaction.atomic
def sanction_apply(
    *,
    actor: Any,
    member: Any,
    kind: str,
    reason: str,
    staff_note: str = "",
    duration: timedelta | None = None,
) -> Sanction:
    """Warn, silence (read-only), suspend or ban a member.

    Silence and suspension need a duration; a ban without one is permanent. The member
    sees `reason` (never `staff_note`), gets a notification, and their open connections
    receive `member.sanctioned` after commit. A suspension or ban also ends the member's
    unused invitation codes. Repeating the same sanction at once (a double-submit)
    returns the first one.
    """
    _require_moderator(actor)
    if kind not in Sanction.Kind.values:
        raise ValidationError(_("Unknown sanction."))
    if actor.pk == member.pk:
        raise ValidationError(_("You cannot sanction yourself."))
    if not reason.strip():
        raise ValidationError(_("Give a reason the member will see."))
    if kind in (Sanction.Kind.SILENCE, Sanction.Kind.SUSPENSION) and not duration:
        raise ValidationError(_("Silence and suspension need a duration."))
    if kind == Sanction.Kind.WARNING:
        duration = None
    now = timezone.now()
    repeat = Sanction.objects.filter(
        member=member,
        kind=kind,
        reason=reason.strip(),
        revoked_at__isnull=True,
        created_at__gte=now - _REPEAT_WINDOW,
    ).first()
    if repeat is not None:
        return repeat
    sanction = Sanction.objects.create(
        member=member,
        kind=kind,
        reason=reason.strip(),
        staff_note=staff_note.strip(),
        starts_at=now,
        ends_at=now + duration if duration else None,
        created_by=actor,
        created_at=now,
    )
    member_sanction_state_refresh(member=member)
    revoked = _invitations_end(member=member) if kind in Sanction.EXCLUDING else 0
    audit_record(
        actor=actor,
        action=f"community.member.{SANCTION_VERBS[kind]}",
        target=member,
        reason=sanction.reason,
        data={
            "sanction": sanction.pk,
            "ends_at": sanction.ends_at.isoformat() if sanction.ends_at else None,
            "invitations_revoked": revoked,
        },
    )
    notify_member(
        recipient=member,
        url=reverse("moderation:my_sanctions"),
        text=_("A moderator has made a decision about your account. See why."),
    )
    broadcast_member_sanctioned(
        user_id=member.pk,
        kind=kind,
        ends_at=sanction.ends_at.isoformat() if sanction.ends_at else None,
    )
    return sanction


@transaction.atomic
def sanction_revoke(*, actor: Any, sanction: Sanction, reason: str) -> bool:
    """End a sanction early (repeat-safe)."""
    _require_moderator(actor)
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.revoked_at is not None:
        return False
    sanction.revoked_at = timezone.now()
    sanction.revoked_by = actor
    sanction.revoke_reason = reason
    sanction.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    member_sanction_state_refresh(member=sanction.member)
    audit_record(
        actor=actor,
        action="community.member.sanction_revoked",
        target=sanction.member,
        reason=reason,
        data={"sanction": sanction.pk, "kind": sanction.kind},
    )
    notify_member(
        recipient=sanction.member,
        url=reverse("moderation:my_sanctions"),
        text=_("A moderator has lifted a decision about your account."),
    )
    return True


@transaction.atomic
def note_create(*, actor: Any, member: Any, text: str) -> ModeratorNote:
    """A staff-only note about a member."""
    _require_moderator(actor)
    if not text.strip():
        raise ValidationError(_("The note is empty."))
    note = ModeratorNote.objects.create(member=member, author=actor, text=text.strip())
    audit_record(
        actor=actor, action="community.member.note_added", target=member, data={"note": note.pk}
    )
    return note


def _appeal_moderator(*, exclude_id: int | None) -> Any:
    """The moderator with the fewest open appeals, never the one who decided."""
    User = get_user_model()
    candidates = (
        User.objects.filter(Q(groups__name=Role.MODERATOR) | Q(is_superuser=True), is_active=True)
        .exclude(pk=exclude_id)
        .distinct()
    )
    load = dict(
        Appeal.objects.filter(decided_at__isnull=True, assigned_to__isnull=False)
        .values_list("assigned_to")
        .annotate(n=Count("id"))
    )
    ordered = sorted(candidates, key=lambda u: (load.get(u.pk, 0), u.pk))
    return ordered[0] if ordered else None


@transaction.atomic
def appeal_create(*, member: Any, sanction: Sanction, text: str) -> Appeal:
    """One appeal per decision, assigned to a different moderator than the one who
    decided. A second appeal on the same decision is refused."""
    if sanction.member_id != member.pk:
        raise PermissionDenied(_("You can only appeal decisions about yourself."))
    if not text.strip():
        raise ValidationError(_("Tell the moderators why you disagree."))
    if Appeal.objects.filter(sanction=sanction).exists():
        raise ValidationError(_("You have already appealed this decision."))
    appeal = Appeal.objects.create(
        sanction=sanction,
        text=text.strip(),
        assigned_to=_appeal_moderator(exclude_id=sanction.created_by_id),
    )
    audit_record(
        actor=member,
        action="community.sanction.appealed",
        target=member,
        data={"sanction": sanction.pk, "appeal": appeal.pk},
    )
    if appeal.assigned_to is not None:
        notify_member(
            recipient=appeal.assigned_to,
            url=reverse("moderation:appeal_detail", args=[appeal.pk]),
            text=_("An appeal is waiting for your decision."),
        )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Any, appeal: Appeal, outcome: str, reason: str) -> bool:
    """Decide an appeal. The moderator who made the decision cannot decide the appeal.
    Overturning revokes the sanction. Repeat-safe: a decided appeal stays decided."""
    _require_moderator(actor)
    appeal = Appeal.objects.select_for_update().select_related("sanction").get(pk=appeal.pk)
    if appeal.sanction.created_by_id == actor.pk:
        raise PermissionDenied(_("Another moderator must decide an appeal on your decision."))
    if outcome not in Appeal.Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if not reason.strip():
        raise ValidationError(_("Give a reason the member will see."))
    if appeal.decided_at is not None:
        return False
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.outcome = outcome
    appeal.decision_reason = reason.strip()
    appeal.save(update_fields=["decided_by", "decided_at", "outcome", "decision_reason"])
    member = appeal.sanction.member
    audit_record(
        actor=actor,
        action=f"community.appeal.{outcome}",
        target=member,
        reason=appeal.decision_reason,
        data={"sanction": appeal.sanction_id, "appeal": appeal.pk},
    )
    if outcome == Appeal.Outcome.OVERTURNED:
        sanction_revoke(actor=actor, sanction=appeal.sanction, reason=appeal.decision_reason)
    else:
        notify_member(
            recipient=member,
            url=reverse("moderation:my_sanctions"),
            text=_("A moderator has decided on your appeal."),
        )
    return True
