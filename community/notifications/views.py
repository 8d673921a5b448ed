"""The notifications page: thin views over services and selectors."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from community.accounts.decorators import approved_member_required
from community.notifications import selectors, services
from community.notifications.models import Notification


@require_GET
@approved_member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    member = request.user
    notifications = selectors.notifications_for(member)
    preference = selectors.notification_preference_for(member)
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": notifications,
            "has_unread": any(not n.is_read for n in notifications),
            "email_digest": bool(preference and preference.email_digest),
            "has_email": bool(member.email),
        },
    )


@require_GET
@approved_member_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link and mark it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(member=request.user, ids=[notification.pk])
    # The url was checked to be a local path when the notification was created.
    return redirect(notification.url or "notifications:list")


@require_POST
@approved_member_required
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    raw_id = request.POST.get("id", "")
    if raw_id:
        if not raw_id.isdigit():
            return HttpResponseBadRequest()
        services.notifications_mark_read(member=request.user, ids=[int(raw_id)])
    else:
        services.notifications_mark_read(member=request.user)
    return redirect("notifications:list")


@require_POST
@approved_member_required
def notification_preference_update(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("email_digest") == "on"
    if wanted and not request.user.email:
        return HttpResponseBadRequest()
    services.notification_preference_set(
        member=request.user, email_digest=wanted, language=get_language() or ""
    )
    return redirect("notifications:list")
