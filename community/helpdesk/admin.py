"""Django admin: administrators say which support worker works for which
organisation. Requests are not here: nobody outside the organisation reads them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from community.helpdesk.models import SupportWorkerMembership
from community.helpdesk.services import membership_check
from community.info.organisations import Organisation
from community.models import User
from community.roles import Role


class MembershipForm(forms.ModelForm):
    class Meta:
        model = SupportWorkerMembership
        fields = ("worker", "organisation")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One row per organisation: the default language's (the help desk's id).
        self.fields["organisation"].queryset = Organisation.objects.filter(
            locale=Locale.get_default()
        )
        self.fields["worker"].queryset = User.objects.filter(
            groups__name=Role.SUPPORT_WORKER
        ).order_by("username")
        self.fields["worker"].help_text = _(
            "Accounts with the support worker role (they need two-factor authentication)."
        )

    def clean_worker(self):
        worker = self.cleaned_data["worker"]
        try:
            membership_check(worker=worker)
        except ValidationError as error:
            raise ValidationError(error.message_dict["worker"]) from None
        return worker


@admin.register(SupportWorkerMembership)
class SupportWorkerMembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("worker", "organisation", "created_at")
    list_filter = ("organisation",)
    search_fields = ("worker__username",)
    list_select_related = ("worker", "organisation")
