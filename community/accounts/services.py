"""Writes about members. Views, consumers and commands call these; none takes a request."""

import datetime
import logging
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.models import (
    Block,
    Invitation,
    MemberSession,
    MembershipDecision,
    User,
    normalise_invitation_code,
)
from community.policies import (
    is_community_staff,
    is_moderator,
    member_may_enter,
    member_may_post,
)
from community.realtime import broadcast_session_ended
from community.roles import Role

logger = logging.getLogger(__name__)

# How long an invitation code stays valid, and how many unused codes an ordinary
# member may hold at once (moderators and support workers, in a verified session,
# have no cap).
INVITATION_VALID_FOR = datetime.timedelta(days=14)
INVITATION_OPEN_LIMIT = 5


def member_block(*, actor: Any, blocked: Any) -> Block:
    """Block `blocked` for `actor`; repeat-safe."""
    if actor.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=actor, blocked=blocked)
    return block


def member_unblock(*, actor: Any, blocked: Any) -> None:
    Block.objects.filter(blocker=actor, blocked=blocked).delete()


# --- Signed-in sessions ---------------------------------------------------------------


def member_session_record(*, member: User, session_key: str) -> None:
    """Remember a new sign-in (its time only), for the member's list of sessions."""
    if session_key:
        MemberSession.objects.update_or_create(
            session_key=session_key, defaults={"member": member, "signed_in_at": timezone.now()}
        )


def member_session_forget(*, session_key: str) -> None:
    MemberSession.objects.filter(session_key=session_key).delete()


def member_sessions_end(*, member: User, session_store: type[SessionBase]) -> int:
    """Sign the member out everywhere: every recorded session is deleted from the
    session store, so each of its cookies stops working at the next request, and its
    open chat connections are closed at once."""
    keys = list(MemberSession.objects.filter(member=member).values_list("session_key", flat=True))
    for key in keys:
        session_store(session_key=key).delete()
        broadcast_session_ended(session_key=key)
    MemberSession.objects.filter(member=member, session_key__in=keys).delete()
    return len(keys)


def member_settings_update(
    *, member: User, accepts_direct_messages: bool, discreet_mode: bool
) -> list[str]:
    """Save the member's privacy settings; returns the names of the fields that changed."""
    changed = []
    for name, value in (
        ("accepts_direct_messages", accepts_direct_messages),
        ("discreet_mode", discreet_mode),
    ):
        if getattr(member, name) != value:
            setattr(member, name, value)
            changed.append(name)
    if changed:
        member.save(update_fields=changed)
    return changed


# --- Approval -------------------------------------------------------------------------


def _audit(*, actor: Any, action: str, target: Any, reason: str, data: dict) -> None:
    """Also write the decision to the moderators' shared audit log.

    MembershipDecision is the account's own record; the audit log is the moderators'
    trail across all their actions.
    """
    audit_record(actor=actor, action=action, target=target, reason=reason, data=data)


def _grant_member_role(member: User) -> None:
    group, _created = Group.objects.get_or_create(name=Role.MEMBER)
    member.groups.add(group)
    member.__dict__.pop("_kring_role_names", None)


def _lock(member: User) -> None:
    """Lock the member's row and refresh its status on the caller's instance, so the
    caller (e.g. request.user) sees the decision without another query."""
    locked = User.objects.select_for_update().get(pk=member.pk)
    member.status = locked.status
    member.approved_at = locked.approved_at


def _approve(
    *, actor: Any, member: User, reason: str, invitation: Invitation | None = None
) -> MembershipDecision:
    member.status = User.Status.APPROVED
    member.approved_at = timezone.now()
    fields = ["status", "approved_at"]
    if invitation is not None:
        member.invited_by = invitation.created_by
        fields.append("invited_by")
    member.save(update_fields=fields)
    _grant_member_role(member)
    decision = MembershipDecision.objects.create(
        member=member,
        actor=actor,
        decision=MembershipDecision.Decision.APPROVED,
        reason=reason,
        invitation=invitation,
    )
    _audit(
        actor=actor,
        action="community.member.approved",
        target=member,
        reason=reason,
        data={"invitation": invitation.pk if invitation else None},
    )
    return decision


@transaction.atomic
def member_approve(*, actor: Any, member: User, reason: str = "") -> MembershipDecision:
    """A moderator lets a pending (or earlier rejected) account into the community.

    Repeat-safe: approving an approved member changes nothing and returns the
    decision that approved them.
    """
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can approve accounts."))
    _lock(member)
    if member.status == User.Status.APPROVED:
        existing = member.membership_decisions.filter(
            decision=MembershipDecision.Decision.APPROVED
        ).first()
        if existing is not None:
            return existing
    return _approve(actor=actor, member=member, reason=reason.strip())


@transaction.atomic
def member_reject(*, actor: Any, member: User, reason: str) -> MembershipDecision:
    """A moderator turns down a pending account; the reason is required.

    Approved members are not rejected: removing them is a sanction (moderation).
    Repeat-safe for an already rejected account.
    """
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can reject accounts."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    _lock(member)
    if member.status == User.Status.APPROVED:
        raise ValidationError(_("This account is already approved."))
    if member.status == User.Status.REJECTED:
        existing = member.membership_decisions.filter(
            decision=MembershipDecision.Decision.REJECTED
        ).first()
        if existing is not None:
            return existing
    member.status = User.Status.REJECTED
    member.save(update_fields=["status"])
    decision = MembershipDecision.objects.create(
        member=member,
        actor=actor,
        decision=MembershipDecision.Decision.REJECTED,
        reason=reason,
    )
    _audit(actor=actor, action="community.member.rejected", target=member, reason=reason, data={})
    return decision


# --- Invitations ------------------------------------------------------------------------


def invitation_create(
    *, actor: Any, valid_for: datetime.timedelta = INVITATION_VALID_FOR
) -> Invitation:
    """An approved member creates a single-use code for someone they trust. Inviting
    lets someone in: silenced members cannot (community.policies.member_may_post)."""
    if not member_may_post(actor):
        if member_may_enter(actor):
            raise PermissionDenied(_("You cannot invite anyone while you are silenced."))
        raise PermissionDenied(_("Only approved members can invite someone."))
    if not is_community_staff(actor):
        open_count = Invitation.objects.open().filter(created_by=actor).count()
        if open_count >= INVITATION_OPEN_LIMIT:
            raise ValidationError(
                _(
                    "You already have %(count)d unused invitations. Wait until one is "
                    "used or has expired."
                )
                % {"count": open_count}
            )
    return Invitation.objects.create(created_by=actor, expires_at=timezone.now() + valid_for)


def invitation_validate(*, code: str) -> Invitation:
    """The usable invitation for `code`, or a ValidationError saying what is wrong."""
    normalised = normalise_invitation_code(code or "")
    invitation = (
        Invitation.objects.select_related("created_by").filter(code=normalised).first()
        if normalised
        else None
    )
    if invitation is None:
        raise ValidationError(
            _("We do not know this invitation code. Check it for typing errors."),
            code="unknown",
        )
    if invitation.is_used:
        raise ValidationError(_("This invitation code has already been used."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("This invitation code has expired."), code="expired")
    if not member_may_enter(invitation.created_by):
        # The member who made it has left, lost access or been suspended since.
        raise ValidationError(_("This invitation code is no longer valid."), code="revoked")
    return invitation


@transaction.atomic
def invitation_redeem(*, code: str, member: User) -> Invitation:
    """Use `code` for `member`: the code is spent and the account approved at once.

    Raises ValidationError when the code is unknown, used, expired or revoked; two
    accounts racing for one code cannot both win (the row is locked).
    """
    invitation = invitation_validate(code=code)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_used:
        raise ValidationError(_("This invitation code has already been used."), code="used")
    now = timezone.now()
    invitation.used_by = member
    invitation.used_at = now
    invitation.save(update_fields=["used_by", "used_at"])
    _lock(member)
    if member.status != User.Status.APPROVED:
        _approve(
            actor=invitation.created_by,
            member=member,
            reason=_("Joined with an invitation code."),
            invitation=invitation,
        )
    return invitation
