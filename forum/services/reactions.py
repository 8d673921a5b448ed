"""Reactions to posts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from community.accounts.selectors import is_blocked_by
from community.models import User
from community.policies import member_may_enter, member_may_post
from forum.models import Post, Reaction
from forum.policies import can_react


def reaction_toggle(*, actor: User, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back when it is already there. True when added."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."), code="reaction")
    if not member_may_enter(actor):
        raise PermissionDenied(_("You cannot react right now."))
    # Taking a reaction back stays possible, also for a silenced member.
    deleted, _rows = Reaction.objects.filter(post=post, member=actor, kind=kind).delete()
    if deleted:
        return False
    if not can_react(actor, post):
        if not member_may_post(actor):
            raise PermissionDenied(_("You cannot react right now."))
        raise ValidationError(_("This post cannot get reactions."), code="reaction")
    if post.author_id and is_blocked_by(member=actor, other=post.author):
        # Silently nothing: the blocked member is not told.
        return False
    Reaction.objects.get_or_create(post=post, member=actor, kind=kind)
    return True
