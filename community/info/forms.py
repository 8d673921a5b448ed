"""Wagtail admin forms of the information pages: checks that need the whole form.

Model clean() sees one object; these see what the editor is doing (publishing or
saving a draft) and the inline formsets next to the page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from community import recurrence
from community.info import selectors

# The buttons that ask for a change to go live, now or after review.
GO_LIVE_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class TranslatedPageForm(WagtailAdminPageForm):
    """Refuses to publish a translation that still carries the source language's text.

    Saving a draft is always allowed (a translator works in steps); publishing or
    submitting for review checks the fields in `Page.translated_fields`.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        wants_live = any(name in self.data for name in GO_LIVE_ACTIONS)
        if wants_live and self.instance.pk:
            for name in selectors.untranslated_fields(page=self.instance, values=cleaned):
                self.add_error(
                    name,
                    _("This is still the text of the original language. Translate it first."),
                )
        return cleaned


class ConsultationHoursPageForm(TranslatedPageForm):
    """Checks each change to the usual dates against the page's own rule.

    Inline child forms are validated without their parent, so the cross-check runs
    here, once the page and all formsets have been validated on their own.
    """

    def is_valid(self) -> bool:
        valid = super().is_valid()
        page = self.instance
        formset = self.formsets.get("exceptions")
        if formset is None or not page.rule_is_complete() or recurrence.rule_errors(page.rule):
            return valid
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("kind") or not data.get("date"):
                continue
            spec = recurrence.RuleException(
                kind=data["kind"],
                date=data["date"],
                end_date=data.get("end_date"),
                new_date=data.get("new_date"),
                new_start_time=data.get("new_start_time"),
                new_end_time=data.get("new_end_time"),
            )
            for field, message in recurrence.exception_errors(page.rule, spec).items():
                form.add_error(field, message)
                valid = False
        return valid
