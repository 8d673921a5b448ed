"""The help desk: requests from members to an organisation's support workers.

Confidential by construction: a request belongs to one member and, at any time, to one
organisation; only that member and that organisation's support workers read it
(community.helpdesk.policies). Moderators never see a request, only a single answer a
member chose to report.

Organisations are translated snippets (one row per language). The help desk always
points at the row in the default language (`selectors.organisation_canonical`), so
that "the same organisation" is one id, and shows the reader's translation by name.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.info.organisations import Organisation

SUBJECT_MAX_LENGTH = 150
MESSAGE_MAX_LENGTH = 10_000
NOTE_MAX_LENGTH = 5_000


class Topic(models.TextChoices):
    HEALTH = "health", _("Health")
    MONEY = "money", _("Money and benefits")
    HOUSING = "housing", _("Housing")
    VIOLENCE = "violence", _("Violence or threats")
    EXIT = "exit", _("Leaving sex work")
    LEGAL = "legal", _("Legal questions")
    OTHER = "other", _("Something else")


class ContactPreference(models.TextChoices):
    KRING = "kring", _("In Kring only")
    PHONE = "phone", _("By phone (write your number in the message)")
    IN_PERSON = "in_person", _("An appointment in person")


class Status(models.TextChoices):
    NEW = "new", _("New")
    PICKED_UP = "picked_up", _("Picked up")
    WAITING = "waiting", _("Waiting for you")
    CLOSED = "closed", _("Closed")


class SupportWorkerMembership(models.Model):
    """A support worker works for an organisation; set by an administrator."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_workers",
        verbose_name=_("organisation"),
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helpdesk_memberships",
        verbose_name=_("support worker"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "worker"], name="helpdesk_membership_unique"
            )
        ]
        verbose_name = _("support worker of an organisation")
        verbose_name_plural = _("support workers of organisations")

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.organisation_id}"


class HelpRequestQuerySet(models.QuerySet):
    def open(self) -> "HelpRequestQuerySet":
        return self.exclude(status=Status.CLOSED)


class HelpRequest(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_requests",
        verbose_name=_("member"),
    )
    # PROTECT: an organisation with requests cannot be deleted from under a member.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("organisation"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    contact_preference = models.CharField(
        _("preferred contact"),
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.KRING,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picked up by"),
    )
    # A proposed hand-over waits for the member's consent.
    handover_to = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed hand-over to"),
    )
    handover_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # When the current organisation received it (opening, or an agreed hand-over), and
    # its first personal answer since: the response-time figures.
    arrived_at = models.DateTimeField(default=timezone.now, db_index=True)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="helpdesk_queue")]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")

    def __str__(self) -> str:
        # No subject: the admin and logs must not show what a member asked.
        return f"help request #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class HelpMessage(models.Model):
    """One message in a request's private thread: the member's, or a support
    worker's answer (then `organisation` says for whom they answered)."""

    request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request")
    )
    # SET_NULL: an account that left shows as "former member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered for"),
    )
    # Named `text`, not `body`: the moderation toolkit edits a `body`, and nobody edits
    # a private message.
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("help desk message")
        verbose_name_plural = _("help desk messages")

    def __str__(self) -> str:
        return f"help message #{self.pk}"

    @property
    def is_answer(self) -> bool:
        return self.organisation_id is not None


class InternalNote(models.Model):
    """A note support workers keep on a request; only their organisation reads it
    (after a hand-over the new organisation does not)."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"note #{self.pk}"


class RequestRead(models.Model):
    """A support worker opened the request: the member sees who and when."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("read-log entry")
        verbose_name_plural = _("read log")

    def __str__(self) -> str:
        return f"read #{self.pk}"
