"""Meetup pages. Thin: parse input, ask events.policies, call one service or selector,
render. Refusals from the services (django ValidationError with a message per field)
are shown on the form they came from, which keeps what was typed.

Privacy: lists and the series page never carry attendee names or the video link; the
session page shows names only to hosts (events.selectors.session_attendance); the
video link appears only on the join page, from ten minutes before the start until the
end, to members who are going and hosts (events.selectors.video_link_for). Page titles
stay neutral (events/templates/events/base.html).
"""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import recurrence
from community.accounts.decorators import approved_member_required
from community.text import render_markdown
from community.twofactor.decorators import two_factor_redirect
from events import ical, policies, selectors, services
from events.forms import (
    FilterForm,
    RsvpForm,
    SeriesForm,
    SessionCancelForm,
    SessionMoveForm,
)
from events.models import LANGUAGE_CHOICES, MeetupSeries, MeetupSession, RsvpStatus

LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)

members_only = approved_member_required


def _languages(series: MeetupSeries) -> str:
    return ", ".join(str(LANGUAGE_NAMES.get(code, code)) for code in series.language_list)


def _rsvp_label(status: str | None) -> str:
    if status == RsvpStatus.GOING:
        return _("You are going")
    if status == RsvpStatus.WAITLISTED:
        return _("You are on the waiting list")
    return ""


def _items(request: HttpRequest, sessions: list[MeetupSession]) -> list[dict[str, Any]]:
    """What a list shows per session: never names, a count only where allowed."""
    states = selectors.rsvps_by_session(member=request.user, sessions=sessions)
    return [
        {
            "session": session,
            "languages": _languages(session.series),
            "count": getattr(session, "going_count", None)
            if policies.may_see_attendee_count(request.user, session)
            else None,
            "rsvp_state": _rsvp_label(states.get(session.pk)),
        }
        for session in sessions
    ]


def _nav(request: HttpRequest) -> dict[str, Any]:
    return {
        "may_create": policies.may_manage_meetups(request.user),
        "may_propose": policies.may_propose_series(request.user),
    }


def _filters(request: HttpRequest) -> tuple[FilterForm, dict[str, str | None], str]:
    form = FilterForm(request.GET or None)
    values = form.values() if request.GET else {"language": None, "topic": None}
    query = urlencode({k: v for k, v in values.items() if v})
    return form, values, query


# --- Lists ------------------------------------------------------------------------------


@members_only
def index(request: HttpRequest) -> HttpResponse:
    form, values, _query = _filters(request)
    sessions = selectors.sessions_upcoming(viewer=request.user, **values)
    return render(
        request,
        "events/index.html",
        {"items": _items(request, sessions), "filters": form, **_nav(request)},
    )


def _month_from(raw: str | None) -> date:
    today = timezone.localtime(timezone.now(), recurrence.AMSTERDAM).date()
    if raw and len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit():
        year, month = int(raw[:4]), int(raw[5:])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@members_only
def month(request: HttpRequest) -> HttpResponse:
    form, values, query = _filters(request)
    start = _month_from(request.GET.get("month"))
    sessions = selectors.sessions_month(
        viewer=request.user, year=start.year, month=start.month, **values
    )
    days: dict[date, list[dict[str, Any]]] = {}
    for item in _items(request, sessions):
        local = timezone.localtime(item["session"].starts_at, recurrence.AMSTERDAM).date()
        days.setdefault(local, []).append(item)
    previous_month = (
        date(start.year - 1, 12, 1) if start.month == 1 else date(start.year, start.month - 1, 1)
    )
    next_month = (
        date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    )
    return render(
        request,
        "events/month.html",
        {
            "filters": form,
            "keep": [("month", start.strftime("%Y-%m"))],
            "month_start": start,
            "previous_month": previous_month,
            "next_month": next_month,
            "filter_query": f"&{query}" if query else "",
            "days": [{"date": day, "items": items} for day, items in days.items()],
            **_nav(request),
        },
    )


@members_only
def past(request: HttpRequest) -> HttpResponse:
    form, values, _query = _filters(request)
    sessions = selectors.sessions_past(viewer=request.user, **values)
    items = [
        {"session": session, "languages": _languages(session.series), "count": None}
        for session in sessions
    ]
    return render(request, "events/past.html", {"items": items, "filters": form, **_nav(request)})


# --- Series and session pages ---------------------------------------------------------------


def _series_or_404(request: HttpRequest, pk: int) -> MeetupSeries:
    series = selectors.series_for_viewer(viewer=request.user, pk=pk)
    if series is None:
        raise Http404
    return series


def _session_or_404(request: HttpRequest, pk: int) -> MeetupSession:
    session = selectors.session_for_viewer(viewer=request.user, pk=pk)
    if session is None:
        raise Http404
    return session


def _visitor_gate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages of publicly listed series are open to visitors (joining stays for members);
    anything else sends a visitor to the login page, whether it exists or not."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return members_only(view)(request, *args, **kwargs)
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return redirect_to_login(request.get_full_path())

    return wrapper


def _series_context(request: HttpRequest, series: MeetupSeries) -> dict[str, Any]:
    return {
        "series": series,
        # Rendered by the one sanitiser on the way out, as the forum's previews are.
        "description_html": render_markdown(series.description),
        "house_rules_html": render_markdown(series.house_rules),
        "languages": _languages(series),
        "hosts": [host.member for host in series.hosts.all()],
        **_nav(request),
    }


@_visitor_gate
def series(request: HttpRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request, pk)
    sessions = selectors.series_sessions_upcoming(series=series)
    for session in sessions:
        session.series = series
    return render(
        request,
        "events/series.html",
        {
            **_series_context(request, series),
            "series_rule": series.describe_rule(),
            "items": _items(request, sessions),
            "may_rsvp": policies.may_rsvp(request.user),
            "may_manage": policies.may_edit_series(request.user, series),
            "subscribed": selectors.is_subscribed(member=request.user, series=series),
            "rsvp_form": RsvpForm(series=series),
        },
    )


def _session_page(
    request: HttpRequest, session: MeetupSession, *, rsvp_form: RsvpForm | None = None
) -> HttpResponse:
    series = session.series
    user = request.user
    rsvp = selectors.rsvp_for(member=user, session=session)
    state = rsvp.status if rsvp is not None and rsvp.status != RsvpStatus.CANCELLED else None
    attendance = selectors.session_attendance(viewer=user, session=session)
    capacity = session.effective_capacity
    going = getattr(session, "going_count", attendance.count or 0)
    now = timezone.now()
    refusal = ""
    if not policies.may_rsvp(user):
        refusal = _("Signing up is for members. Log in to sign up.")
    elif session.is_cancelled:
        refusal = _("This session is cancelled: signing up is closed.")
    elif session.starts_at <= now:
        refusal = _("This session has already started or is over: signing up is closed.")
    rules_changed = (
        rsvp is not None
        and bool(series.house_rules)
        and rsvp.house_rules_version != series.house_rules_version
    )
    show_names = policies.may_see_attendees(user, session)
    return render(
        request,
        "events/session.html",
        {
            **_series_context(request, series),
            "session": session,
            "rsvp_state": {RsvpStatus.GOING: "going", RsvpStatus.WAITLISTED: "waitlist"}.get(
                state, ""
            ),
            "waitlist_position": selectors.waitlist_position(member=user, session=session)
            if state == RsvpStatus.WAITLISTED
            else None,
            "count": attendance.count,
            "capacity": capacity,
            "full": going >= capacity,
            "refusal": refusal,
            "rules_changed": rules_changed,
            "rsvp_form": rsvp_form or RsvpForm(series=series),
            "attendees": attendance.going if show_names else None,
            "waitlist": attendance.waiting if show_names else [],
            "is_host": policies.is_host(user, series) and not state,
            "may_manage": policies.may_manage_meetups(user)
            or policies.may_confirm_session(user, session),
        },
    )


@_visitor_gate
def session(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session_or_404(request, pk))


@require_POST
@members_only
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    form = RsvpForm(request.POST, series=session.series)
    if form.is_valid():
        try:
            booked = services.rsvp_create(
                member=request.user, session=session, house_rules_version=form.accepted_version()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied:
            form.add_error(None, _("You cannot sign up for this session."))
        else:
            if booked.status == RsvpStatus.GOING:
                messages.success(request, _("You signed up. See you there!"))
            else:
                messages.info(
                    request,
                    _(
                        "The session is full: you are on the waiting list. We let you know "
                        "when a place comes free."
                    ),
                )
            return redirect("events:session", session.pk)
    session = _session_or_404(request, pk)
    response = _session_page(request, session, rsvp_form=form)
    response.status_code = 400
    return response


@require_POST
@members_only
def rsvp_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    try:
        services.rsvp_cancel(member=request.user, session=session)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("events:session", session.pk)


@require_POST
@members_only
def series_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request, pk)
    form = RsvpForm(request.POST, series=series)
    if form.is_valid():
        try:
            services.series_subscribe(
                member=request.user, series=series, house_rules_version=form.accepted_version()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied:
            form.add_error(None, _("You cannot sign up for this meetup."))
        else:
            messages.success(
                request,
                _(
                    "You signed up for all upcoming sessions. Where a session is full you are "
                    "on its waiting list."
                ),
            )
            return redirect("events:series", series.pk)
    sessions = selectors.series_sessions_upcoming(series=series)
    response = render(
        request,
        "events/series.html",
        {
            **_series_context(request, series),
            "series_rule": series.describe_rule(),
            "items": _items(request, sessions),
            "may_rsvp": True,
            "may_manage": policies.may_edit_series(request.user, series),
            "rsvp_form": form,
        },
    )
    response.status_code = 400
    return response


# --- Joining ----------------------------------------------------------------------------


@members_only
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """The one place with the way in: the meetup room, and the video link if set."""
    session = _session_or_404(request, pk)
    user = request.user
    now = timezone.now()
    rsvp = selectors.rsvp_for(member=user, session=session)
    going = rsvp is not None and rsvp.status == RsvpStatus.GOING
    opens_at = policies.room_opens_at(session)
    context: dict[str, Any] = {"session": session, "opens_at": opens_at}
    if session.is_cancelled:
        context["state"] = "cancelled"
    elif not (going or policies.is_host(user, session.series)):
        context["state"] = "refused"
    elif now < opens_at:
        context["state"] = "early"
    elif now >= session.ends_at:
        context["state"] = "ended"
    else:
        context["state"] = "open"
        context["room_slug"] = session.room.slug if session.room_id else None
        context["video_url"] = selectors.video_link_for(viewer=user, session=session, now=now)
        if context["room_slug"] is None:
            context["state"] = "refused"
    return render(request, "events/join.html", context)


# --- Calendar (iCal) ----------------------------------------------------------------------


def _ics_response(body: str | bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@members_only
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    return _ics_response(
        ical.session_ics(session=session, member=request.user), filename="meetup.ics"
    )


def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed. No login (calendar apps have none): the token is the key; a
    wrong or revoked one is a plain 404 that says nothing."""
    member = selectors.feed_member(token=token)
    if member is None:
        raise Http404
    return _ics_response(ical.feed_ics(member=member), filename="kring.ics")


@members_only
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Show, make or revoke the personal feed address. Only a hash of the token is
    kept, so the address is shown once, right after it is made."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(member=request.user)
            messages.success(request, _("Your feed address no longer works."))
            return redirect("events:calendar")
        token = services.calendar_feed_create(member=request.user)
        feed_url = request.build_absolute_uri(reverse("events:feed", args=[token]))
    return render(
        request,
        "events/feed.html",
        {
            "feed_url": feed_url,
            "has_feed": selectors.has_calendar_feed(member=request.user),
            **_nav(request),
        },
    )


# --- Creating and managing -------------------------------------------------------------------


def _staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Moderators and support workers, in a session verified with a second factor
    (staff roles count only then): others get 403, unverified staff the verify page."""

    @wraps(view)
    @members_only
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        redirect_response = two_factor_redirect(request)
        if redirect_response is not None:
            return redirect_response
        if not policies.may_manage_meetups(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    return render(request, "events/form_page.html", {"form": form, **_nav(request), **context})


@_staff_only
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.series_create(
                actor=request.user,
                data=form.series_fields(),
                facilitators=form.cleaned_data["facilitator_members"],
                guests=form.cleaned_data["guest_members"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meetup is created and its sessions are planned."))
            return redirect("events:series", created.pk)
    return _form_page(
        request,
        form,
        heading=_("New meetup"),
        submit_label=_("Create meetup"),
        current="create",
    )


@_staff_only
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request, pk)
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_for(series))
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(
                actor=request.user,
                series=series,
                data=form.series_fields(),
                facilitators=form.cleaned_data["facilitator_members"],
                guests=form.cleaned_data["guest_members"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meetup is saved."))
            return redirect("events:series", series.pk)
    return _form_page(
        request,
        form,
        heading=_("Edit meetup"),
        submit_label=_("Save"),
        back_url=reverse("events:series", args=[series.pk]),
    )


@members_only
def propose(request: HttpRequest) -> HttpResponse:
    if not policies.may_propose_series(request.user):
        return render(
            request,
            "events/refused.html",
            {
                "message": _(
                    "You cannot propose meetups at the moment: you are silenced. You can "
                    "still sign up for meetups."
                ),
                **_nav(request),
            },
            status=403,
        )
    form = SeriesForm(request.POST or None, initial=SeriesForm.initial_for(None), proposal=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_propose(actor=request.user, data=form.series_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You cannot propose meetups at the moment."))
        else:
            messages.success(
                request,
                _(
                    "Thank you! A moderator looks at your proposal; you hear from us when it "
                    "is approved."
                ),
            )
            return redirect("events:index")
    return _form_page(
        request,
        form,
        heading=_("Propose a meetup"),
        intro=_("Moderators read every proposal before it is listed. You will be its host."),
        submit_label=_("Send proposal"),
        current="propose",
    )


@members_only
def session_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel or move a session (staff), confirm it (its facilitators and staff)."""
    session = _session_or_404(request, pk)
    user = request.user
    if not policies.may_confirm_session(user, session):
        redirect_response = two_factor_redirect(request)
        if redirect_response is not None:
            return redirect_response
        raise PermissionDenied
    may_change = policies.may_manage_meetups(user)
    action = request.POST.get("action") if request.method == "POST" else None
    local = timezone.localtime(session.starts_at, recurrence.AMSTERDAM)
    move_form = SessionMoveForm(
        request.POST if action == "move" else None,
        initial={
            "starts_at": local.replace(tzinfo=None),
            "ends_at": timezone.localtime(session.ends_at, recurrence.AMSTERDAM).replace(
                tzinfo=None
            ),
        },
        prefix="move",
    )
    cancel_form = SessionCancelForm(request.POST if action == "cancel" else None, prefix="cancel")
    try:
        if action == "confirm":
            services.session_confirm(actor=user, session=session)
            messages.success(request, _("The session is confirmed."))
            return redirect("events:session", session.pk)
        if action == "cancel" and may_change and cancel_form.is_valid():
            services.session_cancel(
                actor=user, session=session, reason=cancel_form.cleaned_data["reason"]
            )
            messages.success(request, _("The session is cancelled; everyone signed up is told."))
            return redirect("events:session", session.pk)
        if action == "move" and may_change and move_form.is_valid():
            services.session_move(
                actor=user,
                session=session,
                starts_at=move_form.cleaned_data["starts_at"],
                ends_at=move_form.cleaned_data["ends_at"],
                reason=move_form.cleaned_data["reason"],
            )
            messages.success(request, _("The session is moved; everyone signed up is told."))
            return redirect("events:session", session.pk)
    except ValidationError as error:
        (move_form if action == "move" else cancel_form).add_service_errors(error)
    except PermissionDenied:
        messages.error(request, _("You cannot change this session."))
    status = 400 if action else 200
    return render(
        request,
        "events/session_manage.html",
        {
            "session": session,
            "series": session.series,
            "move_form": move_form,
            "cancel_form": cancel_form,
            "may_change": may_change,
            "may_confirm": not session.confirmed_at,
            **_nav(request),
        },
        status=status,
    )
