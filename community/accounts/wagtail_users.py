"""Wagtail's users app with Kring's pseudonymous user forms.

Listed in INSTALLED_APPS instead of "wagtail.users" (Wagtail docs, "Customising the
user account forms"): the viewset below swaps in forms without first/last name.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class KringWagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "community.accounts.wagtail_hooks.PseudonymousUserViewSet"
