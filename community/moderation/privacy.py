"""Moderation data in a member's export and account deletion.

What a member may export: the reports they made (reason, note, when; the target only
as type + id), the decisions about them with the reason they were shown (never the
staff-only note), their appeals and the answers, and their trust level.

What they may not: moderator notes about them and staff-only notes on sanctions. These
are staff working notes (like a case worker's notes) and reports made *about* them by
others (that would reveal reporters). They are deleted with the account.
"""

from typing import Any

from community.moderation.models import MemberTrust, ModeratorNote, Report, Sanction


def moderation_member_export(member: Any) -> dict[str, Any]:
    trust = MemberTrust.objects.filter(member=member).first()
    return {
        "reports_made": [
            {
                "reason": report.reason,
                "note": report.note,
                "created_at": report.created_at,
                "target_type": report.review.content_type.model,
                "target_id": report.review.object_id,
            }
            for report in Report.objects.filter(reporter=member).select_related(
                "review__content_type"
            )
        ],
        "sanctions": [
            {
                "kind": sanction.kind,
                "reason": sanction.reason,
                "starts_at": sanction.starts_at,
                "ends_at": sanction.ends_at,
                "lifted_at": sanction.revoked_at,
                "appeal": (
                    {
                        "text": sanction.appeal.text,
                        "created_at": sanction.appeal.created_at,
                        "outcome": sanction.appeal.outcome,
                        "decision_reason": sanction.appeal.decision_reason,
                    }
                    if hasattr(sanction, "appeal")
                    else None
                ),
            }
            for sanction in Sanction.objects.filter(member=member).select_related("appeal")
        ],
        "trust_level": trust.level if trust else 0,
    }


def moderation_member_erase(member: Any) -> None:
    """Reports they made, decisions and notes about them go; audit entries keep ids."""
    Report.objects.filter(reporter=member).delete()
    ModeratorNote.objects.filter(member=member).delete()
    Sanction.objects.filter(member=member).delete()
    MemberTrust.objects.filter(member=member).delete()


def moderation_member_anonymise(member: Any, former_member: Any) -> None:
    """Nothing here is content others rely on: the same as erasing."""
    moderation_member_erase(member)
