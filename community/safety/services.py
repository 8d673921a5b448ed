"""Writes for safety warnings: submit (redacted, held for a moderator), the toolkit's
hooks (publish, edit, purge), "me too", urgent-warning settings and notifications, and
deleting the text of expired warnings.

Every warning goes to the moderation review queue before members see it; moderators
approve (publish), edit or reject it there (community.moderation), and the hooks below
keep this app in step.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.moderation.models import ModerationState
from community.moderation.services import content_hold, text_check
from community.notifications.models import NotificationPreference
from community.notifications.services import (
    notification_create,
    notifications_for_target_delete,
)
from community.safety import policies
from community.safety.areas import is_area
from community.safety.models import (
    AREA_MAX_LENGTH,
    PLATFORM_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AlertArea,
    AlertPreference,
    MeToo,
    SafetyWarning,
    WarningKind,
)
from community.safety.redaction import RedactedWarning, redact_warning, summary
from community.safety.selectors import AlertSettings, alert_settings_for

# The fewest words "what happened" must keep once personal information is removed.
MIN_WORDS_LEFT = 3
LIMITS = {
    "platform": PLATFORM_MAX_LENGTH,
    "what_happened": TEXT_MAX_LENGTH,
    "pattern": SHORT_TEXT_MAX_LENGTH,
    "advice": SHORT_TEXT_MAX_LENGTH,
}
NOTIFICATION_KIND = "alert"


def warning_days() -> int:
    """How long a published warning stays up (default 90 days)."""
    return int(getattr(settings, "KRING_SAFETY_WARNING_DAYS", 90))


def text_retention_days() -> int:
    """How long after expiry (or rejection) a warning's text is kept before deletion."""
    return int(getattr(settings, "KRING_SAFETY_TEXT_RETENTION_DAYS", 30))


# --- Submitting -----------------------------------------------------------------------------


def warning_validate(
    *,
    kind: str,
    area: str,
    happened_on: date | None,
    texts: dict[str, str],
    redacted: RedactedWarning,
    today: date | None = None,
) -> None:
    """Raise one ValidationError with a message per field (the form shows each next to
    its field): missing, too long, in the future, or nothing left after redaction."""
    errors: dict[str, list[str]] = {}
    if kind not in WarningKind.values:
        errors.setdefault("kind", []).append(_("Choose what kind of danger this is."))
    if not is_area(area) or len(area) > AREA_MAX_LENGTH:
        errors.setdefault("area", []).append(_("Choose the area where it happened."))
    today = today or timezone.localdate()
    if happened_on is None:
        errors.setdefault("happened_on", []).append(
            _("Say when it happened; an approximate date is fine.")
        )
    elif happened_on > today:
        errors.setdefault("happened_on", []).append(_("This date is in the future."))
    for name, limit in LIMITS.items():
        value = texts.get(name, "")
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("At most %(limit)s characters; this has %(count)s.")
                % {"limit": limit, "count": len(value)}
            )
    what = texts.get("what_happened", "")
    if not what.strip():
        errors.setdefault("what_happened", []).append(_("Describe what happened."))
    elif "what_happened" not in errors:
        left = redacted.fields["what_happened"].remainder
        if len([word for word in left.split() if any(c.isalpha() for c in word)]) < MIN_WORDS_LEFT:
            errors.setdefault("what_happened", []).append(
                _(
                    "Once the personal information is removed, nothing is left that warns "
                    "others. Describe what happened and how to recognise it, without names "
                    "or numbers."
                )
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def warning_submit(
    *,
    actor: Any,
    kind: str,
    area: str,
    happened_on: date | None,
    what_happened: str,
    pattern: str = "",
    advice: str = "",
    platform: str = "",
) -> SafetyWarning:
    """Save a member's warning, redacted, and hold it for a moderator.

    Only the redacted text is stored; what was removed is kept as kinds and counts.
    Watched words apply as everywhere: a blocked word refuses the warning.
    """
    if not policies.can_report_warning(actor):
        raise PermissionDenied(_("You cannot post warnings at the moment."))
    texts = {
        "platform": platform.strip(),
        "what_happened": what_happened.strip(),
        "pattern": pattern.strip(),
        "advice": advice.strip(),
    }
    redacted = redact_warning(**texts)
    warning_validate(kind=kind, area=area, happened_on=happened_on, texts=texts, redacted=redacted)
    stored = redacted.texts
    check = text_check(author=actor, text="\n\n".join(stored.values()))
    if check.blocked:
        raise ValidationError(check.message)
    warning = SafetyWarning.objects.create(
        reporter=actor,
        kind=kind,
        area=area,
        happened_on=happened_on,
        redactions=summary(redacted.removed),
        moderation_state=ModerationState.HELD,
        **stored,
    )
    reasons = [_("Safety warnings are checked by a moderator before members see them.")]
    if check.hold:
        reasons.append(check.hold_reason)
    if redacted.removed:
        reasons.append(
            _("Personal information was removed automatically: %(kinds)s.")
            % {"kinds": ", ".join(dict.fromkeys(item.label for item in redacted.removed))}
        )
    content_hold(warning, reason=" ".join(reasons))
    return warning


# --- The moderation toolkit's hooks ---------------------------------------------------------


def warning_state_changed(*, warning: SafetyWarning, old: str, new: str) -> None:
    """Runs inside the toolkit's transaction. The first approval publishes the warning:
    it gets its publication and expiry dates, and urgent kinds notify after commit."""
    if new != ModerationState.VISIBLE or warning.published_at is not None:
        return
    now = timezone.now()
    warning.published_at = now
    warning.expires_at = now + timedelta(days=warning_days())
    SafetyWarning.objects.filter(pk=warning.pk).update(
        published_at=warning.published_at, expires_at=warning.expires_at
    )
    if warning.is_urgent:
        warning_id = warning.pk
        transaction.on_commit(lambda: urgent_warning_notify(warning_id=warning_id))


# The moderator edits one text; these markers separate the fields in it.
SECTION_MARKERS = {
    "platform": "[platform]",
    "what_happened": "[what happened]",
    "pattern": "[how to recognise it]",
    "advice": "[advice]",
}


def warning_text(warning: SafetyWarning) -> str:
    """All text fields in one, for the review queue's preview and edit form."""
    parts = []
    for name, marker in SECTION_MARKERS.items():
        parts.append(f"{marker}\n{getattr(warning, name)}".rstrip())
    return "\n\n".join(parts)


def warning_preview(warning: SafetyWarning) -> str:
    """The review queue's preview: only the fields that have text."""
    return "\n\n".join(
        f"{marker}\n{getattr(warning, name)}"
        for name, marker in SECTION_MARKERS.items()
        if getattr(warning, name)
    )


def _sections(text: str) -> dict[str, str]:
    """The fields back from `warning_text`'s format; text before any marker (or without
    markers at all) is "what happened"."""
    by_marker = {marker: name for name, marker in SECTION_MARKERS.items()}
    found: dict[str, list[str]] = {}
    current = "what_happened"
    for line in text.splitlines():
        name = by_marker.get(line.strip().lower())
        if name is not None:
            current = name
            found.setdefault(current, [])
            continue
        found.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in found.items()}


def warning_edit_by_moderator(
    *, warning: SafetyWarning, actor: Any, text: str, reason: str
) -> bool:
    """A moderator's edit through the review queue (which checks the role and audits).
    The edited text is redacted too: a moderator cannot put a phone number back."""
    sections = _sections(text)
    texts = {name: sections.get(name, getattr(warning, name)) for name in SECTION_MARKERS}
    for name, limit in LIMITS.items():
        if len(texts[name]) > limit:
            raise ValidationError(
                _("At most %(limit)s characters; this has %(count)s.")
                % {"limit": limit, "count": len(texts[name])}
            )
    redacted = redact_warning(**texts).texts
    if all(redacted[name] == getattr(warning, name) for name in SECTION_MARKERS):
        return False
    for name, value in redacted.items():
        setattr(warning, name, value)
    warning.save(update_fields=list(SECTION_MARKERS))
    return True


def warning_purge(*, warning: SafetyWarning, actor: Any) -> None:
    """Remove a warning for good (the toolkit audits and removes its review items)."""
    SafetyWarning.objects.filter(pk=warning.pk).delete()


# --- "This happened to me too" ------------------------------------------------------------


def me_too_mark(*, actor: Any, warning: SafetyWarning) -> bool:
    """Count this member once; True when newly counted. A second click changes nothing."""
    if not policies.can_mark_me_too(actor, warning):
        raise PermissionDenied(_("You cannot mark this warning."))
    try:
        with transaction.atomic():
            _mark, created = MeToo.objects.get_or_create(warning=warning, member=actor)
    except IntegrityError:
        return False  # the same member at the same moment: counted once by the constraint
    return created


def me_too_unmark(*, actor: Any, warning: SafetyWarning) -> bool:
    deleted, _per_model = MeToo.objects.filter(warning=warning, member=actor).delete()
    return bool(deleted)


# --- Urgent warnings ------------------------------------------------------------------------


@transaction.atomic
def alert_settings_save(*, member: Any, areas: list[str], email: bool) -> AlertSettings:
    """The areas a member wants urgent warnings for (in-app), and whether by e-mail too
    (only with an e-mail address)."""
    if not policies.can_follow_urgent_warnings(member):
        raise PermissionDenied(_("Only members can follow urgent warnings."))
    unknown = [area for area in areas if not is_area(area)]
    if unknown:
        raise ValidationError({"areas": [_("Choose areas from the list.")]})
    if email and not member.email:
        raise ValidationError(
            {"email": [_("Add an e-mail address to your account first, or leave this off.")]}
        )
    wanted = set(areas)
    AlertArea.objects.filter(member=member).exclude(area__in=wanted).delete()
    existing = set(AlertArea.objects.filter(member=member).values_list("area", flat=True))
    AlertArea.objects.bulk_create(
        [AlertArea(member=member, area=area) for area in sorted(wanted - existing)]
    )
    AlertPreference.objects.update_or_create(member=member, defaults={"email": email})
    return alert_settings_for(member=member)


def _base_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def urgent_warning_notify(*, warning_id: int) -> int:
    """Tell every member who follows urgent warnings for the warning's area: in-app,
    and by a neutral e-mail (no subject line or text about warnings, no details) when
    they asked for it. Never the reporter; never a name. Returns how many were told."""
    warning = SafetyWarning.objects.filter(pk=warning_id).first()
    if warning is None or not warning.is_urgent or not policies.is_published(warning):
        return 0
    user_model = get_user_model()
    recipients = (
        user_model.objects.filter(
            is_active=True,
            status=user_model.Status.APPROVED,
            safety_alert_areas__area=warning.area,
        )
        .exclude(pk=warning.reporter_id)
        .distinct()
    )
    languages = dict(
        NotificationPreference.objects.filter(member__in=recipients).values_list(
            "member_id", "language"
        )
    )
    by_email = set(
        AlertPreference.objects.filter(member__in=recipients, email=True).values_list(
            "member_id", flat=True
        )
    )
    url = reverse("safety:detail", args=[warning.pk])
    told = 0
    for member in recipients:
        if not policies.can_read_warning(member, warning):
            continue
        language = languages.get(member.pk) or settings.LANGUAGE_CODE
        with translation.override(language):
            notification_create(
                recipient=member,
                kind=NOTIFICATION_KIND,
                target=warning,
                url=url,
                text=_("An urgent safety warning for an area you follow"),
            )
            if member.pk in by_email and member.email:
                send_mail(
                    _("You have a new message"),
                    _urgent_email_body(link=_base_url() + reverse("safety:index")),
                    None,
                    [member.email],
                    fail_silently=True,
                )
        told += 1
    return told


def _urgent_email_body(*, link: str) -> str:
    # Neutral: an inbox someone else reads must not learn what Kring is or what happened.
    return "\n\n".join(
        [
            _("Hello,"),
            _("There is a new message for you."),
            _("Read it here: %(link)s") % {"link": link},
            _("You get this e-mail because you asked for it. You can switch it off there."),
        ]
    )


# --- Expiry ----------------------------------------------------------------------------------


def warnings_text_delete(*, now: datetime | None = None) -> int:
    """Delete the text of warnings that expired (or were not published) longer than the
    retention period ago. The row stays with kind, area and dates, so counts remain;
    notifications about it go. Returns how many warnings lost their text."""
    now = now or timezone.now()
    before = now - timedelta(days=text_retention_days())
    stale = SafetyWarning.objects.filter(text_deleted_at__isnull=True).filter(
        _expired_or_rejected_before(before)
    )
    count = 0
    for warning in stale:
        with transaction.atomic():
            SafetyWarning.objects.filter(pk=warning.pk).update(
                what_happened="", pattern="", advice="", platform="", text_deleted_at=now
            )
            notifications_for_target_delete(warning)
        count += 1
    return count


def _expired_or_rejected_before(before: datetime):
    """Expired before `before`, or not published (rejected or hidden) since before it."""
    from_expiry = Q(expires_at__lt=before)
    from_rejection = Q(moderation_state=ModerationState.HIDDEN, hidden_at__lt=before)
    return from_expiry | from_rejection
