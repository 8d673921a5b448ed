"""Reports by members."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.moderation.models import ModerationState, Report
from community.moderation.selectors import reports_to_hide
from community.moderation.services.content import content_hide, review_open
from community.policies import member_may_enter
from community.registries.content import adapter_for


@transaction.atomic
def report_create(*, reporter: Any, target: Any, reason: str, note: str = "") -> Report:
    """File a report (repeat-safe: one member's second report on the same open case
    returns the first). Enough reports from different members hide moderatable
    content until a moderator decides. The reporter is never shown to the author.

    Silenced members may report (they can still report harm). Content the reporter
    cannot see (the app's `visible_to`) raises the model's DoesNotExist, as a missing
    id would: a report must not tell anyone which ids exist."""
    if not member_may_enter(reporter):
        raise PermissionDenied(_("Only members can report."))
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose a reason."))
    adapter = adapter_for(target)
    author = adapter.author(target)
    if getattr(author, "pk", None) == reporter.pk:
        raise ValidationError(_("You cannot report yourself or your own post."))
    if not adapter.can_see(target, reporter):
        raise target.DoesNotExist
    review = review_open(target=target)
    existing = review.reports.filter(reporter=reporter).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(
                review=review, reporter=reporter, reason=reason, note=note.strip()
            )
    except IntegrityError:  # a concurrent double-submit won the race
        return review.reports.get(reporter=reporter)
    audit_record(
        actor=reporter,
        action="moderation.report.created",
        target=target,
        # `about`: whom the report is about, so the audit view can keep the reporter
        # from them even after the content is purged.
        data={"report": report.pk, "reason": reason, "about": getattr(author, "pk", None)},
    )
    distinct_reporters = review.reports.values("reporter").distinct().count()
    if (
        adapter.is_moderatable
        and distinct_reporters >= reports_to_hide()
        and getattr(target, "moderation_state", None) == ModerationState.VISIBLE
    ):
        content_hide(
            target,
            actor=None,
            reason=_("Hidden after reports from members, until a moderator has looked at it."),
        )
    return report
