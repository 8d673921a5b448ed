"""Private conversations between two members (issue 9 §2)."""

import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chat.errors import FORBIDDEN, ChatError
from chat.models import Room, RoomKind, RoomMembership
from chat.policies import can_message_directly, direct_key_for
from community.models import User

# Private conversations keep messages as long as community rooms.
DIRECT_RETENTION_DAYS = 90


def _direct_slug() -> str:
    # Random, so that the address says nothing about who is talking.
    return f"p-{secrets.token_hex(8)}"


def direct_room_open(*, actor: User, other: User) -> Room:
    """The private conversation of `actor` and `other`, opened on first use.

    Allowed when `other` accepts private messages (or is a support worker), neither has
    blocked the other and both are members in good standing (chat.policies.
    can_message_directly); otherwise the same refusal whatever the reason, so that a
    member cannot learn that someone blocked them. Blocking later ends writing both
    ways (chat.policies.post_refusal); the conversation stays readable to both."""
    if not can_message_directly(actor, other):
        raise ChatError(FORBIDDEN, _("You cannot send this member a private message."))
    key = direct_key_for(actor.pk, other.pk)
    room = Room.objects.filter(direct_key=key).first()
    if room is None:
        try:
            with transaction.atomic():
                room = Room.objects.create(
                    kind=RoomKind.DIRECT,
                    slug=_direct_slug(),
                    name=_("Private conversation"),
                    direct_key=key,
                    retention_days=DIRECT_RETENTION_DAYS,
                )
        except IntegrityError:
            room = Room.objects.get(direct_key=key)
    for member in (actor, other):
        membership, created = RoomMembership.objects.get_or_create(
            room=room, member=member, defaults={"is_participant": True}
        )
        if not created and not membership.is_participant and membership.banned_at is None:
            RoomMembership.objects.filter(pk=membership.pk).update(is_participant=True)
    return room
