"""Safety forms. They only parse input; the rules (lengths, redaction, what must be
left) live in community.safety.services, whose errors the views put on the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.safety.areas import area_choices
from community.safety.models import WarningKind


class DateInput(forms.DateInput):
    input_type = "date"


class WarningForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of danger?"),
        choices=WarningKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of danger this is.")},
    )
    area = forms.ChoiceField(
        label=_("Where, in general terms"),
        help_text=_("A city or region, or online. Never a street or a building."),
        error_messages={"required": _("Choose the area where it happened.")},
    )
    platform = forms.CharField(
        label=_("Online platform (optional)"),
        help_text=_("For example a dating site or an app, without a profile name."),
        required=False,
        strip=False,
    )
    happened_on = forms.DateField(
        label=_("When did it happen?"),
        help_text=_("An approximate date is fine."),
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
    )
    # No max_length on the texts: the service says how long is too long, and the
    # browser's maxlength would silently cut a paste.
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )
    pattern = forms.CharField(
        label=_("How can others recognise this? (optional)"),
        help_text=_("The way of working: what was said, asked or offered."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        strip=False,
    )
    advice = forms.CharField(
        label=_("Advice for others (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        strip=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Choose an area")), *area_choices()]
        self.describe_fields()

    def describe_fields(self) -> None:
        """Tie each field's help and errors to it for screen readers (aria-describedby,
        aria-invalid). Called again once the services have added their errors."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue  # the fieldset carries it
            described = [f"{name}-help"] if field.help_text else []
            if name in errors:
                described.insert(0, f"{name}-errors")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *WarningKind.choices]
        self.fields["area"].choices = [("", _("All areas")), *area_choices()]


class AlertSettingsForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.BooleanField(
        label=_("Also send me a short e-mail (no details, a neutral subject)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices()
