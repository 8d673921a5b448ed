"""Leaving Kring: download your data, delete your account."""

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from community.privacy.forms import AccountDeleteForm
from community.privacy.services import member_data_export, member_delete


@login_required
def leave(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/leave.html")


@login_required
@never_cache
def export(request: HttpRequest) -> HttpResponse:
    data = member_data_export(member=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    # A neutral file name: a downloads folder must not reveal what this file is.
    filename = f"kring-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        member = request.user
        member_delete(member=member, keep_content=form.keep_content)
        logout(request)
        return redirect("privacy_deleted")
    return render(request, "privacy/delete.html", {"form": form})


def deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/deleted.html")
