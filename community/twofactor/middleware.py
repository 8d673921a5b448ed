"""Staff pages need a verified second factor.

For users who must use two-factor authentication (community.policies.
requires_two_factor), every URL under settings.KRING_STAFF_PATH_PREFIXES (Wagtail
admin, Django admin, moderation, approvals) redirects to the verify page until the
session is OTP-verified, or to the enrolment page when they have no device yet.
Install after django_otp.middleware.OTPMiddleware.

The admins' own login pages send everyone to allauth's login, so Kring has one login
with one set of rate limits.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from community.twofactor.decorators import two_factor_redirect
from community.twofactor.selectors import is_staff_path


def _may_use_django_admin(request: HttpRequest) -> bool:
    return admin.site.has_permission(request)


def _may_use_wagtail_admin(request: HttpRequest) -> bool:
    return request.user.has_perm("wagtailadmin.access_admin")


# The admins' login pages, where each admin starts, and who may use it.
_ADMIN_LOGINS = (
    ("admin:login", "admin:index", _may_use_django_admin),
    ("wagtailadmin_login", "wagtailadmin_home", _may_use_wagtail_admin),
)


def _admin_login_for(path: str) -> tuple[str, Callable[[HttpRequest], bool]] | None:
    """(home path, access check) when `path` is one of the admins' login pages."""
    for login_name, home_name, may_use in _ADMIN_LOGINS:
        try:
            if reverse(login_name) == path:
                return reverse(home_name), may_use
        except NoReverseMatch:
            continue
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.gate(request) or self.get_response(request)

    @staticmethod
    def gate(request: HttpRequest) -> HttpResponse | None:
        """The redirect a staff path needs first, or None to let the request through."""
        path = request.path_info
        if not is_staff_path(path):
            return None
        verify = two_factor_redirect(request)
        if verify is not None:
            return verify
        user = request.user
        admin_login = _admin_login_for(request.path)
        if admin_login is None:
            return None
        home, may_use = admin_login
        if not user.is_authenticated:
            next_url = request.GET.get("next") or home
            return redirect_to_login(next_url, login_url=settings.LOGIN_URL)
        # Logged in already: the admin's own login form would be a second login
        # without allauth's rate limits, and sending them to allauth would loop.
        if may_use(request):
            return HttpResponseRedirect(home)
        raise PermissionDenied
