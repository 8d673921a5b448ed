"""Forms for reports, queue decisions, sanctions, notes, appeals and watched words."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from community.moderation.models import Appeal, Report, Sanction, TrustLevel, WatchedWord


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    ACTIONS = ("approve", "reject", "hide", "restore", "dismiss")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("action") in ("reject", "hide") and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason the author will see."))
        return data


class EditForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    reason = forms.CharField(label=_("Why did you edit it?"), max_length=2000)


DURATIONS = [
    ("", _("No end (ban) / not needed (warning)")),
    ("1h", _("1 hour")),
    ("24h", _("24 hours")),
    ("3d", _("3 days")),
    ("7d", _("7 days")),
    ("30d", _("30 days")),
]
_DURATION_VALUES = {
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "3d": timedelta(days=3),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=Sanction.Kind.choices)
    duration = forms.ChoiceField(label=_("For how long"), choices=DURATIONS, required=False)
    reason = forms.CharField(
        label=_("Reason (the member sees this)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    staff_note = forms.CharField(
        label=_("Staff-only note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def cleaned_duration(self) -> timedelta | None:
        return _DURATION_VALUES.get(self.cleaned_data.get("duration") or "")

    def clean(self):
        data = super().clean()
        if data.get("kind") in ("silence", "suspension") and not data.get("duration"):
            self.add_error("duration", _("Silence and suspension need a duration."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note (moderators only)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrustForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Trust level"), choices=TrustLevel.choices, coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why do you disagree?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Appeal.Outcome.choices)
    reason = forms.CharField(
        label=_("Reason (the member sees this)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ["word", "is_regex", "action", "replacement"]


class AccountDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
