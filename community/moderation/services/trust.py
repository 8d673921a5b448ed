"""Trust levels: grow automatically with approved posts and time, or set by moderators."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.moderation.models import MemberTrust, TrustLevel
from community.moderation.selectors import computed_trust_level
from community.policies import is_moderator


def _trust_row(member: Any) -> MemberTrust:
    trust, _created = MemberTrust.objects.select_for_update().get_or_create(member=member)
    return trust


@transaction.atomic
def trust_post_counted(*, member: Any) -> MemberTrust:
    """One more published post: count it and promote the member when due."""
    trust = _trust_row(member)
    MemberTrust.objects.filter(pk=trust.pk).update(approved_posts=F("approved_posts") + 1)
    trust.refresh_from_db()
    if not trust.locked:
        level = computed_trust_level(member=member, approved_posts=trust.approved_posts)
        if level > trust.level:
            old = trust.level
            trust.level = level
            trust.save(update_fields=["level", "updated_at"])
            audit_record(
                actor=None,
                action="community.member.trust_promoted",
                target=member,
                data={"from": old, "to": level},
            )
    return trust


@transaction.atomic
def trust_set(*, actor: Any, member: Any, level: int, reason: str) -> bool:
    """A moderator sets the level; automatic promotion no longer changes it."""
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can do this."))
    level = TrustLevel(level)
    trust = _trust_row(member)
    if trust.level == level and trust.locked:
        return False
    old = trust.level
    trust.level = level
    trust.locked = True
    trust.save(update_fields=["level", "locked", "updated_at"])
    audit_record(
        actor=actor,
        action="community.member.trust_changed",
        target=member,
        reason=reason,
        data={"from": old, "to": int(level)},
    )
    return True
