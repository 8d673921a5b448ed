"""Writes about members. Views, consumers and commands call these; none takes a request."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community.models import Block


def member_block(*, actor: Any, blocked: Any) -> Block:
    """Block `blocked` for `actor`; repeat-safe."""
    if actor.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=actor, blocked=blocked)
    return block


def member_unblock(*, actor: Any, blocked: Any) -> None:
    Block.objects.filter(blocker=actor, blocked=blocked).delete()
