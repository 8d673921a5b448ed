"""Account pages around allauth: the waiting page for pending members."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from community.permissions import is_approved_member


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    if is_approved_member(request.user):
        return redirect("/")
    return render(request, "community/pending.html")
