"""Chat: rooms, who is in them, and their messages.

The database is the record; the channel layer only carries copies. Every change in a
room (a new message, an edit, a deletion, a moderator hiding or approving one) takes
the next number of the room's counter, `Room.last_seq`:

- `Message.seq` is the number a message got when it was posted: its id within the
  room, increasing, never reused;
- `Message.change_seq` is the number of its latest change (equal to `seq` until it
  changes).

A client remembers the highest number it has seen and, on reconnect or when it sees a
gap, asks for every message with `change_seq` above it (chat/PROTOCOL.md). So edits and
deletions reach a client that was away, not only new messages.

Member text is stored twice, as in the forum: the Markdown source (`body`) and the
sanitised HTML (`body_html`) from community.text.render_markdown, the one sanitiser.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.moderation.models import Moderatable

MESSAGE_MAX_LENGTH = 2_000
CLIENT_ID_MAX_LENGTH = 64


class RoomKind(models.TextChoices):
    COMMUNITY = "community", _("Community room")
    ANNOUNCEMENTS = "announcements", _("Announcements (staff post, members read)")
    MODERATORS = "moderators", _("Moderators only")
    MEETUP = "meetup", _("Meetup room")
    DIRECT = "direct", _("Private conversation")


# Rooms whose readers are the rows in RoomMembership with is_participant=True (a
# meetup's RSVPs and hosts, the two members of a conversation), not every member.
PARTICIPANT_ROOM_KINDS = frozenset({RoomKind.MEETUP, RoomKind.DIRECT})


class Room(models.Model):
    kind = models.CharField(
        _("kind"), max_length=16, choices=RoomKind.choices, default=RoomKind.COMMUNITY
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Leave empty for a room in any language."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived rooms are hidden and read-only.")
    )
    # A room can be open only between given times (a meetup's room); outside them it
    # is read-only. Empty: always open.
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    slow_mode_seconds = models.PositiveIntegerField(
        _("slow mode (seconds between messages per member)"), default=0
    )
    # Retention: messages older than this many days are deleted for real by
    # `manage.py chat_purge_expired`. Empty: kept (only for the moderators' room).
    retention_days = models.PositiveIntegerField(_("keep messages (days)"), null=True, default=90)
    # Meetup rooms: every message is deleted this long after the room closes.
    purge_after_close_hours = models.PositiveIntegerField(
        _("delete messages this many hours after closing"), null=True, blank=True
    )
    # The conversation's two members, "smaller-larger" pk, for direct rooms only.
    direct_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    last_seq = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")

    def __str__(self) -> str:
        return self.name

    @property
    def has_participants(self) -> bool:
        return self.kind in PARTICIPANT_ROOM_KINDS

    def is_open_at(self, moment) -> bool:
        if self.is_archived:
            return False
        if self.opens_at is not None and moment < self.opens_at:
            return False
        return not (self.closes_at is not None and moment >= self.closes_at)


class RoomMembership(models.Model):
    """One member in one room: read state, and a moderator's mute or ban there.

    For community rooms the row is created on first visit and grants nothing; for
    meetup and direct rooms `is_participant` is the grant to read and write.
    """

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_memberships"
    )
    is_participant = models.BooleanField(default=False)
    last_read_seq = models.BigIntegerField(default=0)
    muted_until = models.DateTimeField(null=True, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "member"], name="chat_unique_membership")
        ]
        indexes = [models.Index(fields=["member", "room"], name="chat_membership_member")]

    def __str__(self) -> str:
        return f"{self.member} in {self.room}"


class Message(Moderatable):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    seq = models.BigIntegerField(editable=False)
    change_seq = models.BigIntegerField(editable=False)
    # SET_NULL only as a safety net: deletion of an account erases or reassigns its
    # messages first (chat.privacy).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="chat_messages",
    )
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    body_html = models.TextField()
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Chosen by the client for each send; a retried send with the same id returns the
    # stored message instead of a second one.
    client_id = models.CharField(max_length=CLIENT_ID_MAX_LENGTH, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleted by its author or a moderator: the row stays as a placeholder ("message
    # deleted") with its text gone, so that ids and replies keep their places.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="chat_unique_room_seq"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"],
                condition=~Q(client_id=""),
                name="chat_unique_client_id",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "change_seq"], name="chat_message_changes"),
        ]
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")

    def __str__(self) -> str:
        return f"{self.room} #{self.seq}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
