from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from community.twofactor.selectors import EnrolmentProof, account_by_pseudonym


class CodeForm(forms.Form):
    """One field for a code from the authenticator app or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=16,
        strip=True,
        help_text=_("Type the code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class TotpSetupForm(TotpConfirmForm):
    """The new app's code and, when selectors.enrolment_proof_needed asks for it, a
    code of an existing factor or an administrator's enrolment code (`proof`)."""

    def __init__(self, *args: Any, proof: EnrolmentProof, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proof is EnrolmentProof.NONE:
            return
        if proof is EnrolmentProof.FACTOR:
            label = _("Code from your current authenticator app, or a backup code")
            help_text = _(
                "Lost your phone and your backup codes? Ask an administrator for an "
                "enrolment code and type it here instead."
            )
        else:
            label = _("Enrolment code")
            help_text = _(
                "The one-time code an administrator gave you, like ABCD-EFGH-IJKL-MNOP. "
                "It works once, within 72 hours."
            )
        self.fields = {
            "proof": forms.CharField(
                label=label,
                help_text=help_text,
                max_length=32,
                strip=True,
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
                ),
            ),
            **self.fields,
        }


class EnrolmentCodeIssueForm(forms.Form):
    """An administrator names the account that gets a one-time enrolment code."""

    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=150,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_pseudonym(self) -> Any:
        account = account_by_pseudonym(pseudonym=self.cleaned_data["pseudonym"])
        if account is None:
            raise forms.ValidationError(_("No account has this pseudonym."))
        return account
