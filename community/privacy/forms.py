"""The confirmation form for deleting an account."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    ERASE = "erase"
    KEEP = "keep"

    content = forms.ChoiceField(
        label=_("What happens to what you wrote?"),
        choices=[
            (ERASE, _("Erase my posts and messages.")),
            (KEEP, _('Keep my posts and messages, shown as written by "former member".')),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To make sure it is really you."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password

    @property
    def keep_content(self) -> bool:
        return self.cleaned_data["content"] == self.KEEP


class MemberSettingsForm(forms.Form):
    accepts_direct_messages = forms.BooleanField(
        label=_("Other members may send me private messages"),
        help_text=_(
            "Support workers can always answer you. Members you blocked can never write to you."
        ),
        required=False,
    )
    discreet_mode = forms.BooleanField(
        label=_("Discreet calendar entries and e-mails"),
        help_text=_(
            "Calendar entries say only 'Appointment' and e-mails carry no details. On by default."
        ),
        required=False,
    )
