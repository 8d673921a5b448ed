"""Safety data in a member's export and account deletion.

Export: the warnings they wrote (as stored: redacted), the warnings they marked "me
too" (by id and date: the text is someone else's), and their urgent-warning settings.
Erase deletes their warnings and marks; anonymise keeps published warnings under the
shared "former member" account (others still need the warning) and deletes the rest.
"""

from typing import Any

from community.safety.models import AlertArea, AlertPreference, MeToo, SafetyWarning


def safety_member_export(member: Any) -> dict[str, Any]:
    preference = AlertPreference.objects.filter(member=member).first()
    return {
        "warnings": [
            {
                "id": warning.pk,
                "kind": warning.kind,
                "area": warning.area,
                "platform": warning.platform,
                "happened_on": warning.happened_on,
                "what_happened": warning.what_happened,
                "pattern": warning.pattern,
                "advice": warning.advice,
                "status": warning.moderation_state,
                "moderation_reason": warning.moderation_reason,
                "created_at": warning.created_at,
                "published_at": warning.published_at,
                "expires_at": warning.expires_at,
            }
            for warning in SafetyWarning.objects.filter(reporter=member).order_by("pk")
        ],
        "me_too": [
            {"warning_id": mark.warning_id, "created_at": mark.created_at}
            for mark in MeToo.objects.filter(member=member).order_by("pk")
        ],
        "urgent_warning_areas": list(
            AlertArea.objects.filter(member=member).order_by("area").values_list("area", flat=True)
        ),
        "urgent_warnings_by_email": bool(preference and preference.email),
    }


def _settings_and_marks_delete(member: Any) -> None:
    MeToo.objects.filter(member=member).delete()
    AlertArea.objects.filter(member=member).delete()
    AlertPreference.objects.filter(member=member).delete()


def safety_member_erase(member: Any) -> None:
    SafetyWarning.objects.filter(reporter=member).delete()
    _settings_and_marks_delete(member)


def safety_member_anonymise(member: Any, former_member: Any) -> None:
    """Published warnings stay (members rely on them) without the reporter; held and
    rejected ones go with the account."""
    mine = SafetyWarning.objects.filter(reporter=member)
    mine.exclude(published_at__isnull=False).delete()
    mine.update(reporter=former_member)
    _settings_and_marks_delete(member)
