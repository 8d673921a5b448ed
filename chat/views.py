"""Chat pages. Thin: parse input, ask chat.policies, call one service or selector, render.

Every view goes through `chat_view`: visitors get the login page, pending accounts the
waiting page, suspended members the decisions about them
(community.accounts.decorators.approved_member_required), and every response says
noindex and must not be cached. A room the member may not read answers 404, exactly as
a slug that does not exist (chat.selectors.room_for_member gives one answer for both).

The room page renders its latest messages on the server, so history shows before the
socket opens; chat/static/chat/chat.js then speaks chat/PROTOCOL.md. Without
JavaScript the composer and the "earlier messages" link still work over HTTP.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chat import policies, selectors, services
from chat.errors import ChatError
from chat.forms import DirectMessageForm, MessageForm, RoomToolsForm
from chat.frames import room_payload
from chat.models import Message, Room
from chat.rendering import render_messages, strings
from community.accounts.decorators import approved_member_required
from community.accounts.selectors import blocked_member_ids
from community.twofactor.selectors import account_by_pseudonym

HISTORY_PAGE = 50


def chat_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    gated = approved_member_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = gated(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _room_or_404(request: HttpRequest, slug: str) -> Room:
    room = selectors.room_for_member(member=request.user, slug=slug)
    if room is None:
        raise Http404
    return room


def _seq(raw: str | None) -> int | None:
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    return None


# --- The member's rooms ---------------------------------------------------------------------


@chat_view
def index(request: HttpRequest) -> HttpResponse:
    form = DirectMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = account_by_pseudonym(pseudonym=form.cleaned_data["pseudonym"])
        if other is not None and other.pk != request.user.pk:
            try:
                room = services.direct_room_open(actor=request.user, other=other)
            except ChatError:
                form.add_error("pseudonym", _direct_refusal())
            else:
                return redirect("chat:room", room.slug)
        else:
            form.add_error("pseudonym", _direct_refusal())
    rooms = selectors.rooms_for_member(member=request.user)
    return render(
        request,
        "chat/index.html",
        {
            "rooms": rooms,
            "direct_form": form,
            "accepts_direct_messages": request.user.accepts_direct_messages,
        },
    )


def _direct_refusal() -> str:
    """One answer for "does not take private messages", "blocked" (either way) and "no
    such member": a member must not learn that someone blocked them."""
    return _(
        "You cannot start a private conversation with this member. They may not accept "
        "private messages."
    )


# --- A room --------------------------------------------------------------------------------


@chat_view
def room(request: HttpRequest, slug: str) -> HttpResponse:
    room = _room_or_404(request, slug)
    # The counter is read before the messages: whatever changes in between is sent
    # again by the socket's catch-up, and applying a message twice changes nothing.
    cursor = room.last_seq
    membership = selectors.membership_for(member=request.user, room=room)
    if membership is None:
        membership = services.room_join(member=request.user, room=room)
    before = _seq(request.GET.get("before"))
    if before is not None:
        items, more = selectors.messages_before(
            room=room, before_seq=before, limit=HISTORY_PAGE, viewer=request.user
        )
    else:
        items = selectors.messages_latest(room=room, limit=HISTORY_PAGE, viewer=request.user)
        more = bool(items) and items[0]["seq"] > 1
        if items and items[-1]["seq"] > membership.last_read_seq:
            services.room_read_mark(member=request.user, room=room, seq=items[-1]["seq"])
    return _room_page(
        request,
        room=room,
        membership=membership,
        items=items,
        more=more,
        cursor=cursor,
        before=before,
        form=MessageForm(),
    )


def _room_page(
    request: HttpRequest,
    *,
    room: Room,
    membership: Any,
    items: list[dict[str, Any]],
    more: bool,
    cursor: int,
    before: int | None,
    form: MessageForm,
    findings: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    blocked = blocked_member_ids(member=request.user)
    state = room_payload(room, user=request.user, membership=membership)
    can_moderate = policies.can_moderate_room(request.user, room)
    report_url = reverse("chat:report", args=[room.slug, 0])
    client = {
        "viewer": request.user.pk,
        "blocked": sorted(blocked),
        # chat.policies decides; the client only takes its buttons away in time.
        "editWindow": int(policies.EDIT_WINDOW.total_seconds()),
        "canModerate": can_moderate,
        "reportUrl": report_url,
        "t": {**strings(), **_client_strings()},
    }
    return render(
        request,
        "chat/room.html",
        {
            "room": room,
            "state": state,
            "messages_html": render_messages(
                items=items, blocked_ids=blocked, report_url=report_url, request=request
            ),
            "more": more,
            "earliest": items[0]["seq"] if items else None,
            "is_history": before is not None,
            "cursor": cursor,
            "client_json": json.dumps(client, separators=(",", ":")),
            "form": form,
            "findings": findings or [],
            "can_moderate": can_moderate,
            "tools_form": RoomToolsForm() if can_moderate else None,
        },
        status=status,
    )


def _client_strings() -> dict[str, str]:
    """What chat.js says, in the page's language (a data attribute: no inline script)."""
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected."),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "offline": _("You are offline. Your messages are sent when the connection is back."),
        "sending": _("Sending…"),
        "online_one": _("1 online"),
        "online_other": _("%(count)s online"),
        "typing": _("%(name)s is typing…"),
        "closed_4001": _("You are signed out. Log in again to chat."),
        "closed_4003": _("You can no longer take part in this room."),
        "closed_4008": _("Your account is suspended. You cannot chat now."),
        "pii_intro": _("Your message may contain personal information:"),
        "pii_advice": _(
            "Phone numbers, addresses, licence plates and account names can out you or "
            "someone else. Edit your message, or send it anyway."
        ),
        "send_anyway": _("Send anyway"),
        "edit_message": _("Edit message"),
        "cancel": _("Cancel"),
        "save": _("Save"),
        "confirm_delete": _("Delete this message?"),
        "editing": _("Editing your message"),
        "load_earlier": _("Load earlier messages"),
        "no_earlier": _("This is the start of the conversation."),
        "slow_mode": _("Slow mode: one message per %(seconds)s seconds."),
        "retry_in": _("Try again in %(seconds)s seconds."),
        "not_sent": _("Not sent:"),
    }


@chat_view
@require_POST
def send(request: HttpRequest, slug: str) -> HttpResponse:
    """The composer without JavaScript: the same service the socket calls."""
    room = _room_or_404(request, slug)
    form = MessageForm(request.POST)
    findings: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.message_post(
                actor=request.user,
                room=room,
                body=data["body"],
                client_id=data["client_id"],
                reply_to_seq=data["reply_to"],
                post_anyway=data["post_anyway"],
            )
        except ChatError as error:
            if error.code == "personal_information":
                findings = list(error.findings or [])
            else:
                form.add_error("body", error.message)
        else:
            return redirect(reverse("chat:room", args=[room.slug]) + "#composer")
    membership = selectors.membership_for(member=request.user, room=room)
    items = selectors.messages_latest(room=room, limit=HISTORY_PAGE, viewer=request.user)
    return _room_page(
        request,
        room=room,
        membership=membership,
        items=items,
        more=bool(items) and items[0]["seq"] > 1,
        cursor=room.last_seq,
        before=None,
        form=form,
        findings=findings,
        status=200 if findings else 400,
    )


@chat_view
def report(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    """Messages are known by their number in the room; the moderation toolkit's report
    form by the row's id. Same answer (404) for a message that does not exist and one
    the member may not report."""
    room = _room_or_404(request, slug)
    message = selectors.message_in_room(room=room, seq=seq)
    if message is None or not policies.can_report_message(request.user, message):
        raise Http404
    content_type = ContentType.objects.get_for_model(Message)
    url = reverse("moderation:report", args=[content_type.pk, message.pk])
    back = reverse("chat:room", args=[room.slug]) + f"#m{seq}"
    return redirect(f"{url}?{urlencode({'next': back})}")


# --- Moderator tools ---------------------------------------------------------------------


@chat_view
@require_POST
def tools(request: HttpRequest, slug: str) -> HttpResponse:
    """Room tools for moderators in a verified session (chat.policies.can_moderate_room);
    everyone else gets a 404, as for a room that does not exist."""
    room = _room_or_404(request, slug)
    if not policies.can_moderate_room(request.user, room):
        raise Http404
    form = RoomToolsForm(request.POST)
    back = reverse("chat:room", args=[room.slug])
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(back + "#tools")
    data = form.cleaned_data
    try:
        done = _room_tool(request.user, room, data)
    except ChatError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, _("Done. The action is in the audit log."))
        else:
            messages.error(request, _("There is no member with that pseudonym."))
    return redirect(back + "#tools")


def _room_tool(actor: Any, room: Room, data: dict[str, Any]) -> bool:
    action, reason = data["action"], data["reason"] or ""
    if action == "delete":
        services.message_delete(actor=actor, room=room, seq=data["seq"])
        return True
    if action == "slow_mode":
        services.room_slow_mode_set(actor=actor, room=room, seconds=data["seconds"], reason=reason)
        return True
    member = account_by_pseudonym(pseudonym=data["member"])
    if member is None:
        return False
    if action == "mute":
        services.room_mute(
            actor=actor, room=room, member=member, minutes=data["minutes"], reason=reason
        )
    else:
        action_service = {
            "unmute": services.room_unmute,
            "remove": services.room_remove,
            "ban": services.room_ban,
            "unban": services.room_unban,
        }[action]
        action_service(actor=actor, room=room, member=member, reason=reason)
    return True
