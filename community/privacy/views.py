"""Leaving Kring: download your data, delete your account."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from community.accounts import selectors as account_selectors
from community.accounts import services as account_services
from community.models import User
from community.privacy.forms import AccountDeleteForm, MemberSettingsForm
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


@login_required
def member_settings(request: HttpRequest) -> HttpResponse:
    """One page for a member's privacy and safety settings; the rest links from here."""
    member = request.user
    form = MemberSettingsForm(
        request.POST or None,
        initial={
            "accepts_direct_messages": member.accepts_direct_messages,
            "discreet_mode": member.discreet_mode,
        },
    )
    if request.method == "POST" and form.is_valid():
        account_services.member_settings_update(member=member, **form.cleaned_data)
        messages.success(request, _("Your settings are saved."))
        return redirect("member_settings")
    context = {
        "form": form,
        "blocked": account_selectors.blocked_members(member=member),
        "sessions": account_selectors.signed_in_sessions(member=member),
        "current_session_key": request.session.session_key,
    }
    return render(request, "privacy/settings.html", context)


@login_required
@require_POST
def member_unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    blocked = get_object_or_404(User, pk=user_id)
    account_services.member_unblock(actor=request.user, blocked=blocked)
    messages.success(request, _("%(name)s is no longer blocked.") % {"name": blocked.username})
    return redirect("member_settings")


@login_required
@require_POST
def sessions_end(request: HttpRequest) -> HttpResponse:
    """Log out everywhere, this browser included."""
    member = request.user
    session_store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    account_services.member_sessions_end(member=member, session_store=session_store)
    logout(request)
    return redirect("account_login")
