"""Meetup forms. They parse input and keep it on errors; the rules (recurrence, capacity
against places taken, house rules) are the services' (events.services.series_errors),
whose messages `add_service_errors` puts on the field they belong to.

`AccessibleMixin` ties each field's help and errors to its input with
`aria-describedby` and marks invalid inputs, so a screen reader announces an error
together with its field (events/templates/events/includes/form_fields.html renders the
matching ids).
"""

from dataclasses import asdict
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import recurrence
from community.twofactor.selectors import account_by_pseudonym
from events.models import LANGUAGE_CHOICES, MeetupSeries, Topic, Visibility
from events.services import SeriesFields

SERIES_FIELD_NAMES = {
    "title",
    "description",
    "languages",
    "topic",
    "accessibility_notes",
    "house_rules",
    "capacity",
    "visibility",
    "hide_attendee_count",
    "frequency",
    "weekday",
    "ordinal",
    "start_time",
    "end_time",
    "valid_from",
    "valid_until",
    "video_url",
}


class AccessibleMixin:
    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            bound = self[name]  # type: ignore[index]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_help")
            if name in self.errors:  # type: ignore[attr-defined]
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described and not bound.use_fieldset:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's refusal on the field it names, else above the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else None  # type: ignore[attr-defined]
                for message in messages:
                    self.add_error(target, message)  # type: ignore[attr-defined]
        else:
            for message in error.messages:
                self.add_error(None, message)  # type: ignore[attr-defined]
        self.full_clean_describe()

    def full_clean_describe(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                bound = self[name]  # type: ignore[index]
                widget.attrs["aria-invalid"] = "true"
                if not bound.use_fieldset:
                    ids = [f"{bound.auto_id}_error"]
                    if self.fields[name].help_text:  # type: ignore[attr-defined]
                        ids.insert(0, f"{bound.auto_id}_help")
                    widget.attrs["aria-describedby"] = " ".join(ids)


class RsvpForm(AccessibleMixin, forms.Form):
    """House rules are acknowledged with a checkbox (asked again after they change);
    the accepted version travels along so a change in between is noticed."""

    accept_house_rules = forms.BooleanField(
        label=_("I have read the house rules and will keep to them."),
        required=True,
        error_messages={"required": _("Tick the box to accept the house rules.")},
    )
    house_rules_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, series: MeetupSeries, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"house_rules_version": series.house_rules_version})
        super().__init__(*args, **kwargs)
        self.series = series
        if not series.house_rules:
            del self.fields["accept_house_rules"]

    def accepted_version(self) -> int | None:
        if not self.series.house_rules:
            return self.series.house_rules_version
        if not self.cleaned_data.get("accept_house_rules"):
            return None
        return self.cleaned_data.get("house_rules_version")


def _model_field(name: str, **overrides: Any) -> Any:
    """The model's own label and length for a text field."""
    return MeetupSeries._meta.get_field(name).formfield(**overrides)


class SeriesForm(AccessibleMixin, forms.Form):
    """Create or edit a series (staff), or propose one (members: `proposal=True`, no
    hosts and no video link)."""

    title = _model_field("title")
    description = _model_field(
        "description",
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    accessibility_notes = _model_field(
        "accessibility_notes",
        help_text=_("For example: captions, sign language, quiet pace, no camera needed."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    house_rules = _model_field(
        "house_rules",
        help_text=_("Members accept these when they sign up, and again when you change them."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    capacity = forms.IntegerField(label=_("Places per session"), min_value=1, max_value=500)
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    hide_attendee_count = forms.BooleanField(
        label=_("Hide the number of attendees from members"), required=False
    )
    frequency = forms.ChoiceField(label=_("Repeats"), choices=recurrence.Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=recurrence.Weekday.choices, coerce=int
    )
    ordinal = forms.TypedChoiceField(
        label=_("Which week of the month"),
        choices=[("", _("— (only for monthly meetups)")), *list(recurrence.Ordinal.choices)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For a monthly meetup, e.g. “second” Tuesday."),
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    valid_from = forms.DateField(
        label=_("First date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For a single meetup: its date."),
    )
    valid_until = forms.DateField(
        label=_("Last date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    video_url = forms.CharField(
        label=_("Video link (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "Shown only on the join page, only to members who signed up, from ten minutes "
            "before the start until the end."
        ),
    )
    facilitators = forms.CharField(
        label=_("Facilitators"),
        required=False,
        help_text=_("Pseudonyms of the members who host, separated by commas."),
    )
    guests = forms.CharField(
        label=_("Guests (support workers)"),
        required=False,
        help_text=_("Pseudonyms, separated by commas."),
    )

    def __init__(self, *args: Any, proposal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposal:
            for name in ("video_url", "facilitators", "guests", "visibility"):
                del self.fields[name]

    @staticmethod
    def initial_for(series: MeetupSeries | None) -> dict[str, Any]:
        if series is None:
            data = SeriesFields(title="", valid_from=timezone.localdate())
            values = asdict(data)
        else:
            values = asdict(SeriesFields.from_series(series))
            hosts = list(series.hosts.select_related("member"))
            values["facilitators"] = ", ".join(
                h.member.username for h in hosts if h.kind == "facilitator"
            )
            values["guests"] = ", ".join(h.member.username for h in hosts if h.kind == "guest")
        values["languages"] = list(values["languages"])
        return values

    def _members(self, name: str) -> list[Any]:
        found, missing = [], []
        for pseudonym in self.cleaned_data.get(name, "").split(","):
            if not pseudonym.strip():
                continue
            account = account_by_pseudonym(pseudonym=pseudonym)
            (found if account is not None else missing).append(account or pseudonym.strip())
        if missing:
            self.add_error(
                name,
                _("No member with this pseudonym: %(names)s") % {"names": ", ".join(missing)},
            )
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "facilitators" in self.fields:
            cleaned["facilitator_members"] = self._members("facilitators")
            cleaned["guest_members"] = self._members("guests")
        return cleaned

    def series_fields(self) -> SeriesFields:
        values = {k: v for k, v in self.cleaned_data.items() if k in SERIES_FIELD_NAMES}
        values.setdefault("video_url", "")
        values["video_url"] = values["video_url"].strip()
        return SeriesFields.from_mapping(values)


class SessionMoveForm(AccessibleMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("New end"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason (optional, for the log)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if isinstance(value, datetime) and timezone.is_naive(value):
                cleaned[name] = timezone.make_aware(value, recurrence.AMSTERDAM)
        return cleaned


class SessionCancelForm(AccessibleMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (optional, for the log)"), required=False)


class FilterForm(forms.Form):
    """Language and topic filters of the lists (GET; unknown values are ignored)."""

    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *LANGUAGE_CHOICES], required=False
    )
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All topics")), *list(Topic.choices)], required=False
    )

    def values(self) -> dict[str, str | None]:
        if not self.is_valid():
            return {"language": None, "topic": None}
        return {
            "language": self.cleaned_data["language"] or None,
            "topic": self.cleaned_data["topic"] or None,
        }
