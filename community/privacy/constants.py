"""Names shared by the privacy services, selectors and templates."""

from django.utils.translation import gettext_lazy as _

# Contains a space, which Django's username validator refuses at sign-up, so no member
# can ever take this name.
FORMER_MEMBER_USERNAME = "former member"
# What readers see instead of that username: {% translate "former member" %} or this.
FORMER_MEMBER_LABEL = _("former member")
