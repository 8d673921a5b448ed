"""Forms for accounts: sign-up with a pseudonym, moderators' decisions, invitations."""

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm as WagtailBaseUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailBaseUserEditForm

from community.accounts.adapters import address_owner_notify, email_address_in_use
from community.accounts.services import invitation_redeem, invitation_validate
from community.models import Invitation


class SignupForm(AllauthSignupForm):
    """Pseudonym and password; e-mail only for recovery; an optional invitation code.

    Nothing here asks for a legal name, phone number or address.
    """

    invitation_code = forms.CharField(
        label=_("Invitation code (optional)"),
        required=False,
        max_length=32,
        help_text=_(
            "Did a member give you a code? Then your account is ready at once. "
            "Without a code a moderator looks at your account first."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    field_order = ["username", "password1", "password2", "email", "invitation_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation: Invitation | None = None
        username = self.fields["username"]
        username.label = _("Pseudonym")
        username.help_text = _(
            "The name other members see. Letters, digits and @ . + - _ only. "
            "It cannot be changed later by you."
        )
        username.widget.attrs.update({"placeholder": "", "autocomplete": "username"})
        if "email" in self.fields:
            email = self.fields["email"]
            email.label = _("E-mail address (optional)")
            email.help_text = _(
                "Only used to reset your password if you forget it. Nobody else ever "
                "sees it. Use an address that does not show your legal name."
            )
            email.widget.attrs.update({"placeholder": ""})

    def clean_invitation_code(self) -> str:
        code = self.cleaned_data.get("invitation_code", "").strip()
        if code:
            self.invitation = invitation_validate(code=code)
        return code

    def validate_unique_email(self, value: str) -> str:
        """Never say that an address is registered: that could out a member.

        An address in use is accepted here; `save` then creates the account without
        it and sends the address's owner a neutral notice instead.
        """
        self.email_in_use = email_address_in_use(email=value)
        return get_adapter().validate_unique_email(value)

    def save(self, request: HttpRequest) -> Any:
        address = self.cleaned_data.get("email", "")
        if not (address and getattr(self, "email_in_use", False)):
            return super().save(request)
        self.cleaned_data["email"] = ""
        user = super().save(request)
        address_owner_notify(request, email=address)
        return user

    def signup(self, request: HttpRequest, user: Any) -> None:
        """Called by allauth once the account exists: spend the invitation code."""
        if self.invitation is None:
            return
        try:
            invitation_redeem(code=self.invitation.code, member=user)
        except ValidationError:
            # Someone used the same code a moment earlier: the account stays
            # pending and a moderator decides, as without a code.
            return


class LoginForm(AllauthLoginForm):
    """allauth's login, asking for the pseudonym."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Pseudonym")
        login.widget.attrs.update({"placeholder": "", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"placeholder": ""})
        if "remember" in self.fields:
            remember = self.fields["remember"]
            remember.label = _("Stay signed in on this device")
            remember.help_text = _(
                "Only on a phone or computer nobody else uses: otherwise Kring forgets you"
                " when the browser closes."
            )


class AddEmailForm(AllauthAddEmailForm):
    """allauth's "add an e-mail address", without telling whether the address is
    registered: an address of another account is not added, its owner gets a neutral
    notice, and the page answers as for any new address (which waits for confirmation
    before it is listed)."""

    def clean_email(self) -> str:
        value = super().clean_email()
        self.email_in_use = email_address_in_use(email=value, exclude=self.user)
        return value

    def save(self, request: HttpRequest) -> EmailAddress:
        address = self.cleaned_data["email"]
        if self.email_in_use:
            address_owner_notify(request, email=address)
            # The same message as for an address that gets a confirmation link.
            get_adapter().add_message(
                request,
                messages.INFO,
                "account/messages/email_confirmation_sent.txt",
                {"email": address, "login": True, "signup": False},
            )
            # Unsaved: allauth sends no "e-mail added" signal for it.
            return EmailAddress(user=self.user, email=address)
        return super().save(request)


class MembershipDecisionForm(forms.Form):
    """A moderator's decision on one pending account."""

    DECISIONS = (("approve", _("Approve")), ("reject", _("Reject")))

    member = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject. Only moderators see it."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Please give a reason when you reject an account."))
        return cleaned


class InvitationCodeForm(forms.Form):
    """A pending member enters a code on the waiting page."""

    code = forms.CharField(
        label=_("Invitation code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        invitation_validate(code=code)
        return code


# --- Wagtail admin: user forms without a name ---------------------------------------------
# Wagtail's own user forms require first and last name; Kring's User has neither (no
# field may ask for a legal name). These forms drop them and make e-mail optional.
_WAGTAIL_USER_FIELDS = ("username", "email", "is_superuser", "groups")


def _pseudonymous(form: forms.Form) -> None:
    form.fields["username"].label = _("Pseudonym")
    form.fields["email"].required = False
    form.fields["email"].label = _("E-mail address (optional, for recovery only)")


class WagtailUserCreationForm(WagtailBaseUserCreationForm):
    first_name = None
    last_name = None

    class Meta(WagtailBaseUserCreationForm.Meta):
        fields = _WAGTAIL_USER_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pseudonymous(self)


class WagtailUserEditForm(WagtailBaseUserEditForm):
    first_name = None
    last_name = None

    class Meta(WagtailBaseUserEditForm.Meta):
        fields = (*_WAGTAIL_USER_FIELDS, "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pseudonymous(self)
