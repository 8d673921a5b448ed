"""In-app notifications (the bell) and the member's e-mail digest preference.

A notification holds a short neutral text and a link, never the text of a post: it
may be shown in a list, counted in the header and summarised by e-mail.

A notification about what another member did ("@roos mentioned you") stores no name:
its text is rendered from the `actor` row when it is shown (`display_text`), so when
that member deletes their account (the row goes, `actor` becomes NULL) every such
notification reads "A former member mentioned you" from then on.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 200
URL_MAX_LENGTH = 500


class Kind(models.TextChoices):
    """Known kinds. Other apps may use another short slug; it is shown as "Notification"."""

    REPLY = "reply", _("Reply")
    MENTION = "mention", _("Mention")
    WATCHED = "watched", _("Watched thread")
    QUOTE = "quote", _("Quote")
    MODERATION = "moderation", _("Moderation")
    REACTION = "reaction", _("Reaction")
    MESSAGE = "message", _("Message")
    ALERT = "alert", _("Safety alert")
    MEETUP = "meetup", _("Meetup")


# Kinds whose text names the actor: (with a name, without one), rendered when shown.
ACTOR_TEXTS: dict[str, tuple[str, str]] = {
    Kind.MENTION: (_("@%(name)s mentioned you"), _("A former member mentioned you")),
    Kind.QUOTE: (_("@%(name)s quoted your post"), _("A former member quoted your post")),
    Kind.REPLY: (_("@%(name)s replied to you"), _("A former member replied to you")),
}


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_member(self, member) -> "NotificationQuerySet":
        return self.filter(recipient=member)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    # SET_NULL: a deleted account becomes "a former member" in others' lists.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_object_id = models.CharField(max_length=64, blank=True, default="")
    target = GenericForeignKey("target_content_type", "target_object_id")
    url = models.CharField(_("link"), max_length=URL_MAX_LENGTH, blank=True)
    text = models.CharField(_("text"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["target_content_type", "target_object_id"], name="notif_target"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def display_text(self) -> str:
        """What the list shows: the stored neutral text, or for kinds about another
        member stored without one, a text rendered from the actor row now (a deleted
        account reads as "a former member")."""
        texts = ACTOR_TEXTS.get(self.kind)
        if self.text or texts is None:
            return self.text
        named, anonymous = texts
        if self.actor is None:
            return str(anonymous)
        return str(named) % {"name": self.actor.username}

    @property
    def kind_label(self) -> str:
        try:
            return str(Kind(self.kind).label)
        except ValueError:
            return str(_("Notification"))


class NotificationPreference(models.Model):
    """Opt-in e-mail digest. Only meaningful for members who set an e-mail address."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("member"),
    )
    email_digest = models.BooleanField(_("e-mail digest"), default=False)
    # The language the member used when opting in: the digest is written in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preference of {self.member_id}"
