"""Forms parse input only; the rules (lengths aside) are in services.py, whose
ValidationErrors come back onto these forms with everything typed kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.helpdesk.models import (
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    ContactPreference,
    Topic,
)
from community.helpdesk.selectors import OrganisationChoice

BY_TOPIC = ""

# The limits are checked by the services with a clear message; the browser's own
# maxlength would cut a pasted text silently, so the fields allow a little more.
_SLACK = 1_000


class RequestForm(forms.Form):
    # An IntegerField with a list, not a ChoiceField: an organisation that went away
    # since the page was loaded gets the service's clear message, not "invalid choice".
    organisation = forms.IntegerField(
        label=_("Who do you want to ask?"), required=False, widget=forms.Select
    )
    topic = forms.ChoiceField(label=_("What is your question about?"), choices=Topic.choices)
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH + 50,
        required=False,
        help_text=_("A few words. Only you and the support workers see it."),
    )
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MESSAGE_MAX_LENGTH + _SLACK,
        required=False,
        help_text=_(
            "Only you and the support workers of the organisation can read this; "
            "moderators cannot. Share personal details (your name, BSN, phone number) "
            "only when they are needed for your question."
        ),
    )
    contact_preference = forms.ChoiceField(
        label=_("How do you want to be contacted?"),
        choices=ContactPreference.choices,
        initial=ContactPreference.KRING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisations: list[OrganisationChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.choices = [
            (BY_TOPIC, _("I don't know: let Kring choose by topic")),
            *[(o.id, o.name) for o in organisations],
        ]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MESSAGE_MAX_LENGTH + _SLACK,
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note (only your organisation sees it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH + _SLACK,
        required=False,
    )


class HandoverForm(forms.Form):
    organisation = forms.IntegerField(label=_("Hand over to"), widget=forms.Select)

    def __init__(self, *args, organisations: list[OrganisationChoice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.choices = [(o.id, o.name) for o in organisations]
