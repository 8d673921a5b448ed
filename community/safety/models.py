"""Safety warnings among peers: what a member reports, who said "me too", and who
wants to hear about urgent warnings in which area.

A warning is member-written content: it is held for a moderator (Moderatable) and
only ever stores the redacted text, never what the reporter first typed (see
community.safety.redaction). The reporter is kept for moderators and for the member's
own data; members reading a warning never see who wrote it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.moderation.models import Moderatable, ModerationState

AREA_MAX_LENGTH = 40
PLATFORM_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 4_000
SHORT_TEXT_MAX_LENGTH = 2_000


class WarningKind(models.TextChoices):
    VIOLENCE = "violence", _("Violence")
    THREATS = "threats", _("Threats or blackmail")
    MONEY_MULE = "money_mule", _("Money-mule or bank-account recruitment")
    SCAM = "scam", _("Scam or fake client")
    ROBBERY = "robbery", _("Robbery")
    STEALTHING = "stealthing", _("Stealthing or condom refusal")
    POLICE = "police", _("Police or raid information")
    OTHER = "other", _("Other")


# Kinds that notify the members who asked for urgent warnings in the warning's area.
URGENT_KINDS = frozenset({WarningKind.VIOLENCE, WarningKind.THREATS})


class SafetyWarning(Moderatable):
    """One warning. Texts are stored redacted; `redactions` lists what was removed
    (kinds and counts only) so moderators know the reporter was shown it."""

    VISIBLE = ModerationState.VISIBLE
    HELD = ModerationState.HELD
    HIDDEN = ModerationState.HIDDEN

    # SET_NULL: erasing a member deletes their warnings first; anonymising reassigns
    # them to the shared "former member" account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safety_warnings",
        verbose_name=_("reporter"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    area = models.CharField(_("area"), max_length=AREA_MAX_LENGTH, db_index=True)
    platform = models.CharField(_("online platform"), max_length=PLATFORM_MAX_LENGTH, blank=True)
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    what_happened = models.TextField(_("what happened"), blank=True)
    pattern = models.TextField(_("how to recognise it"), blank=True)
    advice = models.TextField(_("advice for others"), blank=True)
    redactions = models.JSONField(_("what was removed"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    text_deleted_at = models.DateTimeField(_("text deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("safety warning")
        verbose_name_plural = _("safety warnings")
        indexes = [
            models.Index(fields=["moderation_state", "-published_at"], name="safety_listing_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_urgent(self) -> bool:
        return self.kind in URGENT_KINDS

    def is_expired(self, now=None) -> bool:
        now = now or timezone.now()
        return self.expires_at is not None and self.expires_at <= now


class MeToo(models.Model):
    """'This happened to me too': anonymous, counted once per member."""

    warning = models.ForeignKey(
        SafetyWarning, on_delete=models.CASCADE, related_name="me_too_marks"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _('"me too" mark')
        verbose_name_plural = _('"me too" marks')
        constraints = [
            models.UniqueConstraint(fields=["warning", "member"], name="safety_me_too_once"),
        ]

    def __str__(self) -> str:
        return f"me too #{self.pk}"


class AlertPreference(models.Model):
    """A member's choice for urgent warnings: by e-mail too (in-app always)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alert_preference"
    )
    email = models.BooleanField(_("also by e-mail"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("urgent-warning preference")
        verbose_name_plural = _("urgent-warning preferences")

    def __str__(self) -> str:
        return f"urgent-warning preference #{self.pk}"


class AlertArea(models.Model):
    """An area a member wants urgent warnings for (one row per area)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alert_areas"
    )
    area = models.CharField(_("area"), max_length=AREA_MAX_LENGTH, db_index=True)

    class Meta:
        verbose_name = _("urgent-warning area")
        verbose_name_plural = _("urgent-warning areas")
        constraints = [
            models.UniqueConstraint(fields=["member", "area"], name="safety_alert_area_once"),
        ]

    def __str__(self) -> str:
        return self.area
