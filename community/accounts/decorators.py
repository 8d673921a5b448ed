"""View decorators for the closed community."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from community.policies import is_approved_member, member_is_excluded


def approved_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Members-only pages: visitors go to the login page, pending accounts to the
    waiting page. Neither learns anything about the page they asked for."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_approved_member(user):
            return redirect("member_pending")
        # Suspended or banned members are refused everywhere and shown the reason.
        if member_is_excluded(user):
            return redirect("moderation:my_sanctions")
        return view(request, *args, **kwargs)

    return wrapper
