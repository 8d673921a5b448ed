"""Moderation primitives shared by forum, chat, meetups and safety alerts.

The models hold fields and constraints only; every write goes through
`community.moderation.services`, every read across relations through `selectors`.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModerationState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")


class Moderatable(models.Model):
    """Mixin for member-written content that moderators can hold, hide and restore.

    `moderation_reason` is shown to the author (never to other members).
    """

    moderation_state = models.CharField(
        _("moderation state"),
        max_length=16,
        choices=ModerationState.choices,
        default=ModerationState.VISIBLE,
        db_index=True,
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_visible(self) -> bool:
        return self.moderation_state == ModerationState.VISIBLE

    @property
    def is_held(self) -> bool:
        return self.moderation_state == ModerationState.HELD

    @property
    def is_hidden(self) -> bool:
        return self.moderation_state == ModerationState.HIDDEN


# --- Review queue and reports ------------------------------------------------------------


class ReviewItem(models.Model):
    """One entry in the review queue per target (Discourse's "reviewable").

    Opened when content is held or first reported; reports attach to it; a moderator's
    decision closes it. A later report on the same target opens a new item.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    held_reason = models.TextField(_("why it was held"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="open"),
                name="moderation_one_open_review_per_target",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"review {self.pk} ({self.content_type_id}:{self.object_id}, {self.status})"


class Report(models.Model):
    """A member flags content (or another member). The reporter is never revealed to
    the reported member."""

    class Reason(models.TextChoices):
        PERSONAL_INFORMATION = "personal_information", _("Personal information or outing")
        THREAT = "threat", _("Threat or harassment")
        ILLEGAL = "illegal", _("Illegal content")
        SPAM = "spam", _("Spam")
        OTHER = "other", _("Something else")

    review = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One member reporting the same target twice counts once.
            models.UniqueConstraint(
                fields=["review", "reporter"], name="moderation_one_report_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.reason})"


# --- Trust ------------------------------------------------------------------------------


class TrustLevel(models.IntegerChoices):
    NEW = 0, _("New: posts held, few links")
    BASIC = 1, _("Basic: posts published, some limits")
    MEMBER = 2, _("Member: no limits")
    TRUSTED = 3, _("Trusted (set by moderators)")


class MemberTrust(models.Model):
    """A member's trust level; created on demand, one row per member."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_trust"
    )
    level = models.PositiveSmallIntegerField(
        _("trust level"), choices=TrustLevel.choices, default=TrustLevel.NEW
    )
    # Set by a moderator: automatic promotion no longer changes the level.
    locked = models.BooleanField(_("set by a moderator"), default=False)
    approved_posts = models.PositiveIntegerField(_("approved posts"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member trust")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_level_display()}"


# --- Sanctions, notes, appeals --------------------------------------------------------------


class SanctionQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Sanctions in force now. Expiry is computed from `ends_at`: no cron needed."""
        now = now or timezone.now()
        return self.filter(
            revoked_at__isnull=True,
            starts_at__lte=now,
            kind__in=Sanction.RESTRICTING,
        ).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class Sanction(models.Model):
    """One step on the ladder: warning → silence → suspension → ban."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SILENCE = "silence", _("Silenced (read-only)")
        SUSPENSION = "suspension", _("Suspended")
        BAN = "ban", _("Banned")

    RESTRICTING = ("silence", "suspension", "ban")
    EXCLUDING = ("suspension", "ban")
    SEVERITY = {"warning": 0, "silence": 1, "suspension": 2, "ban": 3}

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_sanctions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("reason (the member sees this)"))
    staff_note = models.TextField(_("staff-only note"), blank=True)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sanction")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.member_id}"

    def is_active(self, *, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.kind in self.RESTRICTING
            and self.revoked_at is None
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )


class ModeratorNote(models.Model):
    """Staff-only notes about a member. Staff data: not part of the member's export."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.member_id}"


class Appeal(models.Model):
    """A member's one appeal against one sanction, decided by a different moderator."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("your appeal"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"appeal {self.pk} on sanction {self.sanction_id}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


# --- Watched words ------------------------------------------------------------------------


class WatchedWord(models.Model):
    """A moderator's rule: a word or regular expression and what happens on a match."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post")
        HOLD = "hold", _("Hold for review")
        CENSOR = "censor", _("Censor the word")

    word = models.CharField(_("word or pattern"), max_length=200)
    is_regex = models.BooleanField(_("regular expression"), default=False)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    replacement = models.CharField(_("replacement (censor)"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(fields=["word", "is_regex"], name="moderation_unique_word")
        ]
        verbose_name = _("watched word")

    def __str__(self) -> str:
        return self.word
