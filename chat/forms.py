"""Chat forms. They only parse input; chat.services decides and refuses.

The room page works over HTTP too (a member whose browser runs no JavaScript, or whose
socket cannot connect, can still read and write): the composer is a real form whose
`client_id` makes a double submit one message, as the socket's `send` does.
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chat.models import CLIENT_ID_MAX_LENGTH

# Mute lengths a moderator picks from, in minutes: long enough to cool down, short
# enough that a mute is not a ban by another name.
MUTE_MINUTES = [
    (10, _("10 minutes")),
    (60, _("1 hour")),
    (24 * 60, _("1 day")),
    (7 * 24 * 60, _("1 week")),
]
SLOW_MODE_SECONDS = [
    (0, _("off")),
    (10, _("10 seconds")),
    (30, _("30 seconds")),
    (60, _("1 minute")),
    (300, _("5 minutes")),
]


def new_client_id() -> str:
    return uuid.uuid4().hex


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        # No max_length: the service gives the friendly message with the limit, and
        # the browser's maxlength would silently cut a paste.
        widget=forms.Textarea(attrs={"rows": 2, "data-chat-body": ""}),
        strip=False,
        required=False,
    )
    client_id = forms.CharField(
        widget=forms.HiddenInput, max_length=CLIENT_ID_MAX_LENGTH, required=False
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    post_anyway = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", new_client_id())

    def clean_client_id(self) -> str:
        return self.cleaned_data["client_id"] or new_client_id()


class DirectMessageForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=150)


class RoomToolsForm(forms.Form):
    """A moderator's tools for one room; every action goes through chat.services,
    which checks again and writes the audit entry."""

    ACTIONS = [
        ("delete", _("Delete a message")),
        ("mute", _("Mute a member in this room")),
        ("unmute", _("End a mute")),
        ("remove", _("Remove a member from this room")),
        ("ban", _("Ban a member from this room")),
        ("unban", _("Lift a ban")),
        ("slow_mode", _("Set slow mode")),
    ]
    MEMBER_ACTIONS = frozenset({"mute", "unmute", "remove", "ban", "unban"})

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    member = forms.CharField(label=_("Member (pseudonym)"), max_length=150, required=False)
    seq = forms.IntegerField(label=_("Message number"), min_value=1, required=False)
    minutes = forms.TypedChoiceField(
        label=_("Mute for"), choices=MUTE_MINUTES, coerce=int, initial=60
    )
    seconds = forms.TypedChoiceField(
        label=_("Slow mode"), choices=SLOW_MODE_SECONDS, coerce=int, initial=0
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        if action in self.MEMBER_ACTIONS and not (data.get("member") or "").strip():
            raise ValidationError(_("Name the member (their pseudonym)."))
        if action == "delete" and not data.get("seq"):
            raise ValidationError(_("Give the message's number."))
        if action in {"remove", "ban"} and not (data.get("reason") or "").strip():
            raise ValidationError(_("Give a reason: the member can read it."))
        return data
