"""Reads for chat: the member's rooms with unread counts, and a room's messages as
PROTOCOL payloads for the socket's catch-up and history and for the room page.

Every function here runs a fixed number of queries whatever the number of messages
or rooms (tests/chat/test_selectors.py pins them): authors and the authors of the
messages replied to come with the messages (select_related), and the badges of all
authors on a page with one more query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from chat.frames import badge_from_roles, message_payload
from chat.models import Message, Room, RoomKind, RoomMembership
from chat.policies import can_read_room, direct_room_member_ids
from community.models import User
from community.moderation.models import ModerationState
from community.policies import is_moderator, member_may_enter
from community.privacy.constants import FORMER_MEMBER_LABEL
from community.privacy.selectors import is_former_member
from community.roles import Role

HISTORY_PAGE = 50
CATCH_UP_LIMIT = 200

_BADGE_ROLES = (Role.SUPPORT_WORKER, Role.MODERATOR)


@dataclass(frozen=True)
class RoomSummary:
    """A room in the member's list: its name for this member (a private conversation
    is named after the other member) and how many messages they have not read."""

    room: Room
    name: str
    unread: int
    last_read_seq: int


def _readable_kinds(member: Any) -> list[str]:
    kinds = [RoomKind.COMMUNITY, RoomKind.ANNOUNCEMENTS]
    if is_moderator(member):
        kinds.append(RoomKind.MODERATORS)
    return kinds


def rooms_for_member(*, member: Any) -> list[RoomSummary]:
    """The rooms the member may read and that are not archived, with unread counts
    (messages shown to the room, by others, after the member's last read one).
    Four queries at most, however many rooms."""
    if not member_may_enter(member):
        return []
    memberships = {row.room_id: row for row in RoomMembership.objects.filter(member_id=member.pk)}
    participant_rooms = [pk for pk, row in memberships.items() if row.is_participant]
    last_read = RoomMembership.objects.filter(room=OuterRef("pk"), member_id=member.pk).values(
        "last_read_seq"
    )[:1]
    unread = (
        Message.objects.filter(
            room=OuterRef("pk"),
            seq__gt=OuterRef("last_read"),
            deleted_at__isnull=True,
            moderation_state=ModerationState.VISIBLE,
        )
        .exclude(author_id=member.pk)
        .order_by()
        .values("room")
        .annotate(total=Count("pk"))
        .values("total")
    )
    rooms = list(
        Room.objects.filter(is_archived=False)
        .filter(Q(kind__in=_readable_kinds(member)) | Q(pk__in=participant_rooms))
        .annotate(last_read=Coalesce(Subquery(last_read), Value(0)))
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
    )
    others = _direct_partners(rooms, member)
    summaries = []
    for room in rooms:
        membership = memberships.get(room.pk)
        if not can_read_room(member, room, membership):
            continue
        name = room.name
        if room.kind == RoomKind.DIRECT:
            name = others.get(room.pk) or str(FORMER_MEMBER_LABEL)
        summaries.append(
            RoomSummary(room=room, name=name, unread=room.unread, last_read_seq=room.last_read)
        )
    summaries.sort(key=lambda s: (s.room.kind == RoomKind.DIRECT, s.room.order, s.name.lower()))
    return summaries


def _direct_partners(rooms: list[Room], member: Any) -> dict[int, str]:
    """Room id -> the other member's name, for the private conversations (one query)."""
    wanted: dict[int, int] = {}
    for room in rooms:
        pair = direct_room_member_ids(room)
        if pair is not None:
            wanted[room.pk] = pair[1] if pair[0] == member.pk else pair[0]
    if not wanted:
        return {}
    users = {u.pk: u for u in User.objects.filter(pk__in=set(wanted.values())).only("username")}
    names = {}
    for room_id, user_id in wanted.items():
        user = users.get(user_id)
        names[room_id] = user.username if user is not None and not is_former_member(user) else ""
    return names


def room_for_member(*, member: Any, slug: str) -> Room | None:
    """The room at `slug` if the member may read it; None when it is missing or not
    readable (the same answer, so an address tells nobody that a room exists)."""
    room = Room.objects.filter(slug=slug).first()
    if room is None or not can_read_room(member, room):
        return None
    return room


def membership_for(*, member: Any, room: Room) -> RoomMembership | None:
    if not getattr(member, "pk", None):
        return None
    return RoomMembership.objects.filter(room=room, member_id=member.pk).first()


# --- Messages -------------------------------------------------------------------------


def _messages(room: Room) -> QuerySet[Message]:
    return Message.objects.filter(room=room).select_related("author", "reply_to__author")


def badges_attach(messages: Iterable[Message]) -> None:
    """Give every author (and replied-to author) on a page its badge, in one query."""
    authors: dict[int, list[User]] = {}
    for message in messages:
        for author in (message.author, message.reply_to.author if message.reply_to else None):
            if author is not None:
                authors.setdefault(author.pk, []).append(author)
    if not authors:
        return
    roles: dict[int, set[str]] = {}
    for user_id, name in User.groups.through.objects.filter(
        user_id__in=list(authors), group__name__in=_BADGE_ROLES
    ).values_list("user_id", "group__name"):
        roles.setdefault(user_id, set()).add(name)
    for user_id, users in authors.items():
        badge = badge_from_roles(roles.get(user_id, set()))
        for user in users:
            user._chat_badge = badge


def _rows(queryset: QuerySet[Message], room: Room) -> list[Message]:
    rows = list(queryset)
    for row in rows:
        row.room = room
    badges_attach(rows)
    return rows


def _payloads(rows: list[Message], viewer: Any) -> list[dict]:
    return [message_payload(row, viewer=viewer) for row in rows]


def _capped(limit: int, ceiling: int) -> int:
    return max(1, min(int(limit), ceiling))


def message_rows_latest(*, room: Room, limit: int = HISTORY_PAGE) -> list[Message]:
    """The newest `limit` messages as rows, oldest first (the room page renders them)."""
    limit = _capped(limit, CATCH_UP_LIMIT)
    rows = _rows(_messages(room).order_by("-seq")[:limit], room)
    rows.reverse()
    return rows


def messages_latest(*, room: Room, limit: int = HISTORY_PAGE, viewer: Any = None) -> list[dict]:
    """The newest `limit` messages as payloads, in seq order."""
    return _payloads(message_rows_latest(room=room, limit=limit), viewer)


def message_rows_before(
    *, room: Room, before_seq: int, limit: int = HISTORY_PAGE
) -> tuple[list[Message], bool]:
    """Up to `limit` messages before `before_seq`, oldest first, and whether older
    ones exist."""
    limit = _capped(limit, CATCH_UP_LIMIT)
    rows = _rows(_messages(room).filter(seq__lt=before_seq).order_by("-seq")[: limit + 1], room)
    more = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return rows, more


def messages_before(
    *, room: Room, before_seq: int, limit: int = HISTORY_PAGE, viewer: Any = None
) -> tuple[list[dict], bool]:
    """The `history` answer: payloads in seq order, and whether older messages exist."""
    rows, more = message_rows_before(room=room, before_seq=before_seq, limit=limit)
    return _payloads(rows, viewer), more


def messages_changed_after(
    *, room: Room, after_seq: int, limit: int = CATCH_UP_LIMIT, viewer: Any = None
) -> tuple[list[dict], int, bool]:
    """The `messages` answer of catch-up: every message whose latest change is after
    the client's cursor, in change order, at most `limit`; `upto` is the cursor to
    keep, `more` whether to ask again from it.

    The room's counter is read first: whatever commits during the read has a higher
    number than `upto`, so the client asks for it next time and misses nothing."""
    limit = _capped(limit, CATCH_UP_LIMIT)
    counter = Room.objects.filter(pk=room.pk).values_list("last_seq", flat=True).first() or 0
    rows = _rows(
        _messages(room)
        .filter(change_seq__gt=max(int(after_seq), 0), change_seq__lte=counter)
        .order_by("change_seq")[: limit + 1],
        room,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    upto = rows[-1].change_seq if more else counter
    return _payloads(rows, viewer), upto, more


def message_in_room(*, room: Room, seq: int) -> Message | None:
    """One message by its number in the room (with its author), or None."""
    message = _messages(room).filter(seq=seq).first()
    if message is not None:
        message.room = room
    return message


def message_url(message: Message) -> str:
    """Where a message is shown: its room's page, at the message."""
    try:
        room_url = reverse("chat:room", kwargs={"slug": message.room.slug})
    except NoReverseMatch:
        # The domain layer does not need the room pages: without their URL (their
        # app part not installed) the review queue still gets the room's address.
        room_url = f"/chat/{message.room.slug}/"
    return f"{room_url}#m{message.seq}"
