"""Wagtail admin for accounts: user forms that ask for a pseudonym, never a name."""

from wagtail.users.views.users import UserViewSet

from community.accounts.forms import WagtailUserCreationForm, WagtailUserEditForm


class PseudonymousUserViewSet(UserViewSet):
    create_template_name = "community/wagtail/user_create.html"
    edit_template_name = "community/wagtail/user_edit.html"

    def get_form_class(self, for_update: bool = False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm
