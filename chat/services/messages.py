"""Writing in a room: post, edit, delete, and what moderation does to a message.

Every write takes the room's next number inside its transaction (chat.services.counter)
and is broadcast with chat.realtime.room_event, which sends after the commit: a socket
never hears of a message the database does not have.
"""

import math
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chat.errors import (
    BAD_FRAME,
    EDIT_WINDOW_PASSED,
    EMPTY,
    FORBIDDEN,
    NOT_FOUND,
    PERSONAL_INFORMATION,
    RATE_LIMITED,
    SLOW_MODE,
    TOO_LONG,
    WATCHED_WORD,
    ChatError,
)
from chat.frames import message_payload
from chat.models import CLIENT_ID_MAX_LENGTH, MESSAGE_MAX_LENGTH, Message, Room
from chat.policies import (
    EDIT_WINDOW,
    can_delete_message,
    can_edit_message,
    can_see_message_text,
    post_refusal,
    slow_mode_applies,
)
from chat.realtime import room_event
from chat.selectors import membership_for, message_in_room
from chat.services.counter import seq_next
from community.audit.services import audit_record
from community.models import User
from community.moderation import services as moderation_services
from community.moderation.selectors import member_needs_approval
from community.text import render_markdown

_CLIENT_ID = re.compile(rf"^[A-Za-z0-9_-]{{1,{CLIENT_ID_MAX_LENGTH}}}$")
DEFAULT_RATE_LIMIT = (5, 5.0)
_ROOM_RULE_FIELDS = ["kind", "is_archived", "opens_at", "closes_at", "slow_mode_seconds"]


@dataclass(frozen=True)
class Posted:
    """The stored message, and whether this call stored it (False: a retried send
    whose client_id was already stored; the client gets the same ack again)."""

    message: Message
    created: bool


# --- Checks ---------------------------------------------------------------------------


def _client_id_clean(client_id: Any) -> str:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise ChatError(
            BAD_FRAME,
            _("Each message needs an id of 1 to %(limit)s letters, digits, - or _.")
            % {"limit": CLIENT_ID_MAX_LENGTH},
        )
    return client_id


def _body_clean(body: Any) -> str:
    body = body.strip() if isinstance(body, str) else ""
    if not body:
        raise ChatError(EMPTY, _("Write something before you send."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ChatError(
            TOO_LONG,
            _("Your message is %(length)s characters; the limit is %(limit)s.")
            % {"length": len(body), "limit": MESSAGE_MAX_LENGTH},
        )
    return body


def _rate_limit() -> tuple[int, float]:
    count, window = getattr(settings, "KRING_CHAT_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    return int(count), float(window)


def _rate_check(*, member: User) -> None:
    """At most `count` sends per member in any `window` seconds, over all rooms.

    The cache keeps the member's recent send times (a sliding window, so the answer
    does not depend on where a fixed window happens to start). Two sends racing in
    two processes may both pass: a spam brake, not an accounting rule."""
    count, window = _rate_limit()
    key = f"chat:rate:{member.pk}"
    now = time.time()
    recent = sorted(t for t in cache.get(key, []) if t > now - window)
    if len(recent) >= count:
        retry_after = max(recent[-count] + window - now, 0.1)
        raise ChatError(
            RATE_LIMITED,
            ngettext(
                "You are sending quickly. Wait %(seconds)s second, then send again.",
                "You are sending quickly. Wait %(seconds)s seconds, then send again.",
                math.ceil(retry_after),
            )
            % {"seconds": math.ceil(retry_after)},
            retry_after=retry_after,
        )
    recent.append(now)
    cache.set(key, recent[-count:], timeout=math.ceil(window) + 1)


def _slow_mode_check(*, member: User, room: Room, now: datetime) -> None:
    if not slow_mode_applies(member, room):
        return
    interval = timedelta(seconds=room.slow_mode_seconds)
    last = (
        Message.objects.filter(room=room, author=member, created_at__gt=now - interval)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is not None:
        retry_after = max((last + interval - now).total_seconds(), 0.1)
        raise ChatError(
            SLOW_MODE,
            ngettext(
                "Slow mode is on: one message every %(seconds)s second.",
                "Slow mode is on: one message every %(seconds)s seconds.",
                room.slow_mode_seconds,
            )
            % {"seconds": room.slow_mode_seconds},
            retry_after=retry_after,
        )


def _reply_target(*, actor: User, room: Room, reply_to_seq: Any) -> Message | None:
    if reply_to_seq is None:
        return None
    if isinstance(reply_to_seq, bool) or not isinstance(reply_to_seq, int):
        raise ChatError(BAD_FRAME, _("The message you answer is not a message number."))
    target = message_in_room(room=room, seq=reply_to_seq)
    if target is None or not can_see_message_text(actor, target):
        raise ChatError(NOT_FOUND, _("The message you answer is no longer available."))
    return target


@dataclass(frozen=True)
class _Text:
    body: str
    html: str
    hold_reasons: list[str]


def _text_check(*, actor: User, body: Any, post_anyway: bool) -> _Text:
    """Length, the moderators' watched words, the personal-information guard; then
    the one sanitiser."""
    body = _body_clean(body)
    check = moderation_services.text_check(author=actor, text=body)
    if check.blocked:
        raise ChatError(WATCHED_WORD, check.message)
    findings = check.personal_information
    if findings and not post_anyway:
        raise ChatError(
            PERSONAL_INFORMATION,
            _(
                "Your message may contain personal information. Check it: send it anyway"
                " and a moderator looks at it before others see it."
            ),
            findings=[f"{finding.label}: {finding.text}" for finding in findings],
        )
    return _Text(
        body=check.text, html=str(render_markdown(check.text)), hold_reasons=check.hold_reasons
    )


def _existing(*, room: Room, actor: User, client_id: str) -> Message | None:
    message = (
        Message.objects.filter(room=room, author=actor, client_id=client_id)
        .select_related("author", "reply_to__author")
        .first()
    )
    if message is not None:
        message.room = room
    return message


def _broadcast(message: Message) -> None:
    room_event(message.room_id, {"type": "message", "message": message_payload(message)})


# --- Posting --------------------------------------------------------------------------


def message_post(
    *,
    actor: User,
    room: Room,
    body: str,
    client_id: str,
    reply_to_seq: int | None = None,
    post_anyway: bool = False,
) -> Posted:
    """Store a message and send it to the room after the commit.

    A send retried with the same `client_id` returns the stored message (created
    False), also when the two copies race. Refusals, in order: may post here
    (chat.policies.post_refusal), rate limit, slow mode, empty, too long, watched
    words, personal information (unless `post_anyway`), the message replied to. Held
    messages (a new member's first ones, a watched word that holds, personal
    information sent anyway) are stored and go to the review queue; the room sees a
    placeholder until a moderator approves."""
    client_id = _client_id_clean(client_id)
    existing = _existing(room=room, actor=actor, client_id=client_id)
    if existing is not None:
        return Posted(message=existing, created=False)
    now = timezone.now()
    # The caller's room may be old (a socket keeps it from the handshake; the admin
    # may have archived the room or changed slow mode since): read what the rules ask.
    try:
        room.refresh_from_db(fields=_ROOM_RULE_FIELDS)
    except Room.DoesNotExist:
        raise ChatError(NOT_FOUND, _("This room no longer exists.")) from None
    refusal = post_refusal(actor, room, membership_for(member=actor, room=room), now=now)
    if refusal is not None:
        raise refusal
    _rate_check(member=actor)
    _slow_mode_check(member=actor, room=room, now=now)
    text = _text_check(actor=actor, body=body, post_anyway=post_anyway)
    reply_to = _reply_target(actor=actor, room=room, reply_to_seq=reply_to_seq)
    try:
        with transaction.atomic():
            seq = seq_next(room_id=room.pk)
            message = Message(
                room=room,
                seq=seq,
                change_seq=seq,
                author=actor,
                body=text.body,
                body_html=text.html,
                reply_to=reply_to,
                client_id=client_id,
                created_at=now,
            )
            message.save(force_insert=True)
            # A hold now is part of posting, not a later change: it takes no number.
            # Only a message that is held goes through the toolkit: an ordinary chat
            # message does not count toward the author's trust level (content_submit
            # would count it), so that a burst of chat cannot promote a member past the
            # checks that forum posts earn; an approved held message does count.
            if text.hold_reasons or member_needs_approval(actor):
                message._chat_posting = True
                moderation_services.content_submit(message, hold_reasons=text.hold_reasons)
                message._chat_posting = False
            _broadcast(message)
    except IntegrityError:
        existing = _existing(room=room, actor=actor, client_id=client_id)
        if existing is None:
            raise
        return Posted(message=existing, created=False)
    room.last_seq = max(room.last_seq, seq)
    return Posted(message=message, created=True)


def _own_message(*, actor: User, room: Room, seq: Any) -> Message:
    if isinstance(seq, bool) or not isinstance(seq, int):
        raise ChatError(BAD_FRAME, _("That is not a message number."))
    message = message_in_room(room=room, seq=seq)
    if message is None or message.deleted_at is not None:
        raise ChatError(NOT_FOUND, _("This message is no longer available."))
    return message


def _window_passed(message: Message, now: datetime) -> bool:
    return now - message.created_at > EDIT_WINDOW


def message_edit(
    *, actor: User, room: Room, seq: int, body: str, post_anyway: bool = False
) -> Message:
    """An author changes their own message within 15 minutes. The new text passes the
    same checks as a new message; a change that needs a moderator holds the message
    again. Sent to the room as a change (next number)."""
    now = timezone.now()
    message = _own_message(actor=actor, room=room, seq=seq)
    if not can_edit_message(actor, message, now=now):
        if message.author_id == actor.pk and _window_passed(message, now):
            raise ChatError(
                EDIT_WINDOW_PASSED, _("A message can be changed for 15 minutes after sending.")
            )
        raise ChatError(FORBIDDEN, _("You can only change your own messages."))
    refusal = post_refusal(actor, room, membership_for(member=actor, room=room), now=now)
    if refusal is not None:
        raise refusal
    text = _text_check(actor=actor, body=body, post_anyway=post_anyway)
    if text.body == message.body:
        return message
    with transaction.atomic():
        message.change_seq = seq_next(room_id=room.pk)
        message.body = text.body
        message.body_html = text.html
        message.edited_at = now
        message.save(update_fields=["change_seq", "body", "body_html", "edited_at"])
        message._chat_posting = True
        moderation_services.content_resubmit(message, hold_reasons=text.hold_reasons)
        message._chat_posting = False
        _broadcast(message)
    return message


def message_delete(*, actor: User, room: Room, seq: int) -> Message:
    """Authors take back their message within 15 minutes; moderators delete any
    message in the rooms they moderate (audited, and the message's open review case
    is closed). The row stays as a placeholder without text, keeping its number."""
    now = timezone.now()
    message = _own_message(actor=actor, room=room, seq=seq)
    own = message.author_id == actor.pk
    if not can_delete_message(actor, message, now=now):
        if own and _window_passed(message, now):
            raise ChatError(
                EDIT_WINDOW_PASSED, _("A message can be deleted for 15 minutes after sending.")
            )
        raise ChatError(FORBIDDEN, _("You can only delete your own messages."))
    with transaction.atomic():
        fresh = Message.objects.select_for_update().get(pk=message.pk)
        if fresh.deleted_at is not None:
            return fresh
        _tombstone_save(message, now=now)
        if not own:
            moderation_services.review_close(target=message, actor=actor, decision="deleted")
            audit_record(
                actor=actor,
                action="chat.message.deleted",
                target=message,
                data={"room": room.pk, "seq": message.seq},
            )
        _broadcast(message)
    return message


def _tombstone_save(message: Message, *, now: datetime) -> None:
    message.change_seq = seq_next(room_id=message.room_id)
    message.deleted_at = now
    message.body = ""
    message.body_html = ""
    message.save(update_fields=["change_seq", "deleted_at", "body", "body_html"])


# --- The moderation toolkit's hooks (registered in chat.apps) --------------------------


def message_state_changed(*, message: Message, old: str, new: str) -> None:
    """Held, approved, hidden or restored by the toolkit: the change takes the room's
    next number and goes to the room, so a hidden message disappears from open
    screens and an approved one appears. (A hold while posting or editing is part of
    that write, which sends it itself.)"""
    if getattr(message, "_chat_posting", False):
        return
    message.change_seq = seq_next(room_id=message.room_id)
    Message.objects.filter(pk=message.pk).update(change_seq=message.change_seq)
    _broadcast(message)


def message_edit_by_moderator(*, message: Message, actor: User, text: str, reason: str) -> bool:
    """The toolkit's edit hook (content_edit, e.g. a moderator removes a phone number
    from a held message): the toolkit checks the role and writes the audit entry.
    The change takes the room's next number. False when the text did not change."""
    body = (text or "").strip()
    if not body or len(body) > MESSAGE_MAX_LENGTH or body == message.body:
        return False
    with transaction.atomic():
        message.change_seq = seq_next(room_id=message.room_id)
        message.body = body
        message.body_html = str(render_markdown(body))
        message.edited_at = timezone.now()
        message.save(update_fields=["change_seq", "body", "body_html", "edited_at"])
        _broadcast(message)
    return True


def message_purge(*, message: Message, actor: User) -> None:
    """Remove a message's text and author for good (outing, doxxing). The row stays as
    a placeholder, so the room's numbers stay whole and open screens drop it. Called
    by the toolkit's content_purge, which audits it and removes the reports, review
    items and notifications about it."""
    with transaction.atomic():
        fresh = Message.objects.select_for_update().filter(pk=message.pk).first()
        if fresh is None:
            return
        fresh.author = None
        fresh.client_id = ""
        fresh.save(update_fields=["author", "client_id"])
        _tombstone_save(fresh, now=fresh.deleted_at or timezone.now())
        _broadcast(fresh)
