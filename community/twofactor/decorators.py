"""For staff actions outside the staff prefixes (e.g. forum thread tools)."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from community.twofactor.selectors import has_two_factor, two_factor_required_now


def two_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a user who must verify a second factor goes first, or None.

    None for users who need no second factor (members) and for verified sessions.
    Otherwise the verify page, or enrolment when the account has no device yet,
    with `next` set to the page asked for.
    """
    user = request.user
    if not two_factor_required_now(user=user):
        return None
    name = "twofactor:verify" if has_two_factor(user=user) else "twofactor:setup"
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")


def two_factor_verified(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff who have not verified a second factor are sent to verify it first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return two_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapper
