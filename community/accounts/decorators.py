"""View decorators for the closed community."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from community.policies import is_approved_member, member_may_enter


def approved_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Members-only pages: whoever community.policies.member_may_enter refuses. Visitors
    go to the login page, pending accounts to the waiting page, suspended or banned
    members to the decisions about them. None learns anything about the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if member_may_enter(user):
            return view(request, *args, **kwargs)
        if not is_approved_member(user):
            return redirect("member_pending")
        # Suspended or banned: refused everywhere and shown the reason.
        return redirect("moderation:my_sanctions")

    return wrapper
