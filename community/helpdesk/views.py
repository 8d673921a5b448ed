"""Help-desk pages. Thin: parse input, ask community.helpdesk.policies, call one
service or selector, render.

Members' pages (/help/) go through `approved_member_required`; a request that is not
the member's answers 404, like a missing id. Support workers' pages (/help/staff/) are
a staff area (KRING_STAFF_PATH_PREFIXES: the second factor is asked first); anyone
without a queue gets 404, and a support worker opening another organisation's request
gets 403 with an explanation, and the attempt is logged. URLs carry ids only, and
<title> stays neutral.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.decorators import approved_member_required
from community.helpdesk import policies, selectors, services
from community.helpdesk.forms import HandoverForm, MessageForm, NoteForm, RequestForm
from community.helpdesk.models import HelpRequest


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


def member_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    gated = approved_member_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _private(gated(request, *args, **kwargs))

    return wrapper


class OtherOrganisation(PermissionDenied):
    """A support worker asked for a request of another organisation."""


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Support workers with a queue, in a verified session; 404 for anyone else, and
    403 with an explanation for another organisation's request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policies.is_helpdesk_staff(request.user):
            raise Http404
        try:
            response = view(request, *args, **kwargs)
        except OtherOrganisation:
            response = render(request, "helpdesk/staff/refused.html", status=403)
        return _private(response)

    return login_required(wrapper)


def _form_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form (unknown keys: the whole form)."""
    if hasattr(error, "error_dict"):
        for key, messages_ in error.message_dict.items():
            form.add_error(key if key in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Members -----------------------------------------------------------------------------------


@member_view
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "helpdesk/index.html",
        {"rows": selectors.requests_for_member(member=request.user)},
    )


@member_view
def request_new(request: HttpRequest) -> HttpResponse:
    if not policies.can_open_request(request.user):
        raise Http404
    organisations = selectors.organisations_for_new_request()
    initial = {}
    if "organisation" in request.GET:
        initial["organisation"] = request.GET["organisation"]
    form = RequestForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            created = services.request_open(
                actor=request.user,
                organisation_id=data["organisation"],
                topic=data["topic"],
                subject=data["subject"],
                text=data["text"],
                contact_preference=data["contact_preference"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your question was sent."))
            return redirect("helpdesk:request", created.pk)
    return render(
        request, "helpdesk/request_new.html", {"form": form, "organisations": organisations}
    )


def _own_request(request: HttpRequest, request_id: int) -> HelpRequest:
    found = selectors.request_for_member(member=request.user, request_id=request_id)
    if found is None:
        raise Http404
    return found


def _member_page(
    request: HttpRequest, help_request: HelpRequest, *, form: MessageForm | None = None
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "helpdesk/request.html",
        {
            "detail": selectors.request_detail(viewer=user, request=help_request),
            "form": form or MessageForm(),
            "can_reply": policies.can_reply_as_member(user, help_request),
            "can_answer_handover": policies.can_answer_handover(user, help_request),
            "can_close": policies.can_close_as_member(user, help_request),
            "can_delete": policies.can_delete_request(user, help_request),
        },
        status=400 if form is not None and form.errors else 200,
    )


@member_view
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    return _member_page(request, _own_request(request, request_id))


@member_view
@require_POST
def member_reply(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _own_request(request, request_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.member_reply(
                actor=request.user, request=help_request, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("helpdesk:request", help_request.pk)
    return _member_page(request, help_request, form=form)


@member_view
@require_POST
def member_handover(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _own_request(request, request_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.handover_answer(actor=request.user, request=help_request, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your request was handed over.") if accept else _("Your request stays where it is."),
        )
    return redirect("helpdesk:request", help_request.pk)


@member_view
@require_POST
def member_close(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _own_request(request, request_id)
    try:
        services.request_close(actor=request.user, request=help_request)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request is closed."))
    return redirect("helpdesk:request", help_request.pk)


@member_view
def member_delete(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _own_request(request, request_id)
    if not policies.can_delete_request(request.user, help_request):
        messages.error(request, _("Close the request before you delete it."))
        return redirect("helpdesk:request", help_request.pk)
    if request.method == "POST":
        services.request_delete(actor=request.user, request=help_request)
        messages.success(request, _("Your request and its messages are deleted."))
        return redirect("helpdesk:index")
    return render(request, "helpdesk/request_delete.html", {"help_request": help_request})


# --- Support workers -----------------------------------------------------------------------------


@staff_view
def queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", selectors.QueueFilter.OPEN)
    if show not in selectors.QueueFilter.ALL:
        show = selectors.QueueFilter.OPEN
    return render(
        request,
        "helpdesk/staff/queue.html",
        {
            "rows": selectors.queue_for_staff(worker=request.user, show=show),
            "show": show,
            "filters": selectors.QueueFilter.ALL,
            "organisations": selectors.worker_organisations(worker=request.user),
        },
    )


def _staff_request(request: HttpRequest, request_id: int) -> HelpRequest:
    """The request if the support worker may work on it; 403 (logged) when it is
    another organisation's, 404 when it does not exist."""
    found = selectors.request_by_id(request_id=request_id)
    if found is None:
        raise Http404
    if not policies.can_work_on_request(request.user, found):
        services.request_refused(actor=request.user, request=found)
        raise OtherOrganisation
    return found


def _staff_page(
    request: HttpRequest,
    help_request: HelpRequest,
    *,
    form: MessageForm | None = None,
    note_form: NoteForm | None = None,
    handover_form: HandoverForm | None = None,
) -> HttpResponse:
    user = request.user
    choices = selectors.handover_choices(request=help_request)
    has_errors = any(f is not None and f.errors for f in (form, note_form, handover_form))
    return render(
        request,
        "helpdesk/staff/request.html",
        {
            "detail": selectors.request_detail(viewer=user, request=help_request),
            "form": form or MessageForm(),
            "note_form": note_form or NoteForm(),
            "handover_form": handover_form or HandoverForm(organisations=choices),
            "handover_choices": choices,
            "can_answer": policies.can_answer(user, help_request),
            "can_pick_up": policies.can_pick_up(user, help_request),
            "can_hand_over": policies.can_hand_over(user, help_request),
            "can_close": policies.can_close_as_staff(user, help_request),
        },
        status=400 if has_errors else 200,
    )


def _acted_key(help_request: HelpRequest) -> str:
    return f"helpdesk-acted-{help_request.pk}"


def _back_after_action(request: HttpRequest, help_request: HelpRequest) -> HttpResponse:
    """Back to the request after an action (itself audited). The page shown next is
    the same visit, not another opening: it is not logged again, so the member's read
    log shows one line per visit. Only an action sets this, and only once."""
    request.session[_acted_key(help_request)] = True
    return redirect("helpdesk:staff_request", help_request.pk)


@staff_view
def staff_request(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    if not request.session.pop(_acted_key(help_request), False):
        services.request_opened(actor=request.user, request=help_request)
    return _staff_page(request, help_request)


@staff_view
@require_POST
def staff_pick_up(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    try:
        services.request_pick_up(actor=request.user, request=help_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("helpdesk:staff_request", help_request.pk)
    messages.success(request, _("You picked up this request. The member sees your name."))
    return _back_after_action(request, help_request)


@staff_view
@require_POST
def staff_answer(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(
                actor=request.user, request=help_request, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your answer was sent. The member is notified."))
            return _back_after_action(request, help_request)
    return _staff_page(request, help_request, form=form)


@staff_view
@require_POST
def staff_note(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                actor=request.user, request=help_request, text=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Note saved."))
            return _back_after_action(request, help_request)
    return _staff_page(request, help_request, note_form=form)


@staff_view
@require_POST
def staff_handover(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    form = HandoverForm(
        request.POST, organisations=selectors.handover_choices(request=help_request)
    )
    if form.is_valid():
        try:
            services.handover_propose(
                actor=request.user,
                request=help_request,
                organisation_id=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The member is asked to agree to the hand-over."))
            return _back_after_action(request, help_request)
    return _staff_page(request, help_request, handover_form=form)


@staff_view
@require_POST
def staff_close(request: HttpRequest, request_id: int) -> HttpResponse:
    help_request = _staff_request(request, request_id)
    services.request_close(actor=request.user, request=help_request)
    messages.success(request, _("The request is closed."))
    return redirect("helpdesk:queue")
