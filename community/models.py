"""Members of Kring: pseudonymous accounts, never legal names."""

import datetime
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A ban has no end; the cached "until" of a ban is this far-away moment.
SANCTION_FOREVER = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)


class User(AbstractUser):
    """An account known only by its pseudonym.

    AbstractUser's first and last name are removed: no field may ask for a legal
    name. E-mail is optional, used only for recovery, and never shown.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address (optional, for recovery only)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        "self",
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitees",
    )
    # Sanctions in force, cached on the account row (as Discourse keeps suspended_till
    # and silenced_till) so that every page and socket can ask community.policies
    # without a query. Written only by the moderation toolkit from the sanctions; a
    # permanent ban is SANCTION_FOREVER. Expiry is a comparison with now: no job.
    suspended_until = models.DateTimeField(
        _("suspended or banned until"), null=True, blank=True, editable=False
    )
    silenced_until = models.DateTimeField(
        _("silenced until"), null=True, blank=True, editable=False
    )

    # Privacy: other members may open a private chat conversation with this member
    # only when it is on. Off for new members; support workers can always be written to.
    accepts_direct_messages = models.BooleanField(
        _("other members may send me private messages"), default=False
    )

    # Calendar entries (a meetup's iCal) and e-mails carry neutral titles unless the
    # member turns this off.
    discreet_mode = models.BooleanField(
        _("discreet calendar entries and e-mails"),
        default=True,
        help_text=_("Calendar entries say only 'Appointment' and e-mails carry no details."),
    )

    REQUIRED_FIELDS: list[str] = []

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.username

    def get_full_name(self) -> str:
        return self.username

    def get_short_name(self) -> str:
        return self.username

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Block(models.Model):
    """One member hides another: their posts collapse, and the blocked member cannot
    mention, quote or message the blocker. The blocked member is never told."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_self_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


# Invitation codes avoid letters and digits that look alike (0/O, 1/I/L), so a code
# read out loud or copied from a phone screen still works.
INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITATION_CODE_LENGTH = 10


def new_invitation_code() -> str:
    return "".join(secrets.choice(INVITATION_ALPHABET) for _i in range(INVITATION_CODE_LENGTH))


def normalise_invitation_code(code: str) -> str:
    """Codes are shown in two groups ("ABCDE-FGHJK"); accept them typed any way."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring code with which a new account is approved at once."""

    code = models.CharField(_("code"), max_length=32, unique=True, default=new_invitation_code)
    created_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_by = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation_used",
        verbose_name=_("used by"),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.display_code

    @property
    def display_code(self) -> str:
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MembershipDecision(models.Model):
    """Who approved or rejected an account, when and why."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    member = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="membership_decisions",
        verbose_name=_("member"),
    )
    # Kept when the deciding moderator leaves: the decision still happened.
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_decisions_made",
        verbose_name=_("decided by"),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    invitation = models.ForeignKey(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invitation"),
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("membership decision")
        verbose_name_plural = _("membership decisions")

    def __str__(self) -> str:
        return f"{self.member}: {self.decision}"


class MemberSession(models.Model):
    """A signed-in session of a member, so that the member can see where they are
    signed in and end every session at once. Labelled only by the sign-in time: no IP
    address, user agent or device fingerprint is kept. The key is the session store's
    own key (already in the session table); it is deleted when the session ends."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_in_at"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"session of {self.member_id} since {self.signed_in_at:%Y-%m-%d %H:%M}"
