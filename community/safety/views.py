"""Safety warning pages. Thin: parse input, ask a policy, call one service or selector,
render. Members only (approved_member_required), noindex and never cached; a warning
a member may not read answers 404, as a missing id does."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.decorators import approved_member_required
from community.safety import policies, selectors, services
from community.safety.forms import AlertSettingsForm, FilterForm, WarningForm
from community.safety.links import help_links
from community.safety.redaction import TEXT_FIELDS, redact_warning


def safety_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    gated = approved_member_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = gated(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _add_errors(form: WarningForm, error: ValidationError | PermissionDenied) -> None:
    """A service's refusal next to the field it is about; the typed text stays."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error) or _("You cannot do this."))


def _fingerprint(texts: dict[str, str]) -> str:
    """What the reporter last checked, so "Send" after an edit shows the preview again."""
    return hashlib.sha256("\x00".join(texts[name] for name in TEXT_FIELDS).encode()).hexdigest()


@safety_view
def index(request: HttpRequest) -> HttpResponse:
    filters = FilterForm(request.GET or None)
    kind = area = ""
    if filters.is_valid():
        kind, area = filters.cleaned_data["kind"], filters.cleaned_data["area"]
    page = selectors.warnings_published(
        member=request.user, kind=kind, area=area, page=request.GET.get("page")
    )
    return render(
        request,
        "safety/index.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(kind or area),
            "can_report": policies.can_report_warning(request.user),
            "help": help_links(),
        },
    )


@safety_view
def new(request: HttpRequest) -> HttpResponse:
    """The report form. "Check" shows what will be removed and why; "Send" saves the
    redacted warning for a moderator. Errors come back with everything typed."""
    if not policies.can_report_warning(request.user):
        raise Http404
    form = WarningForm(request.POST or None)
    preview = None
    checked = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {name: data[name] for name in TEXT_FIELDS}
        preview = redact_warning(**texts)
        try:
            services.warning_validate(
                kind=data["kind"],
                area=data["area"],
                happened_on=data["happened_on"],
                texts={name: value.strip() for name, value in texts.items()},
                redacted=preview,
            )
        except ValidationError as error:
            _add_errors(form, error)
            preview = None
        else:
            checked = _fingerprint(texts)
            if request.POST.get("action") == "send" and request.POST.get("checked") != checked:
                # Changed since the preview: show what would be removed now first.
                form.add_error(None, _("You changed your warning: check it again, then send."))
            elif request.POST.get("action") == "send":
                try:
                    services.warning_submit(actor=request.user, **data)
                except (ValidationError, PermissionDenied) as error:
                    _add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. A moderator checks your warning before other "
                            "members see it."
                        ),
                    )
                    return redirect("safety:mine")
    form.describe_fields()
    return render(
        request,
        "safety/new.html",
        {"form": form, "preview": preview, "checked": checked, "help": help_links()},
    )


@safety_view
def detail(request: HttpRequest, warning_id: int) -> HttpResponse:
    warning = selectors.warning_for_member(member=request.user, warning_id=warning_id)
    if warning is None:
        raise Http404
    return render(
        request,
        "safety/detail.html",
        {
            "warning": warning,
            "is_published": policies.is_published(warning),
            "is_reporter": policies.is_reporter(request.user, warning),
            "can_mark": policies.can_mark_me_too(request.user, warning),
            "can_see_reporter": policies.can_see_reporter(request.user),
            "help": help_links(),
        },
    )


@safety_view
@require_POST
def me_too(request: HttpRequest, warning_id: int) -> HttpResponse:
    warning = selectors.warning_for_member(member=request.user, warning_id=warning_id)
    if warning is None or not policies.can_mark_me_too(request.user, warning):
        raise Http404
    if request.POST.get("undo"):
        services.me_too_unmark(actor=request.user, warning=warning)
        messages.success(request, _("Your mark is taken back."))
    else:
        services.me_too_mark(actor=request.user, warning=warning)
        messages.success(request, _("Counted, anonymously. Take care of yourself."))
    return redirect("safety:detail", warning_id=warning.pk)


@safety_view
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "safety/mine.html",
        {
            "warnings": selectors.warnings_by_reporter(member=request.user),
            "now": timezone.now(),
            "help": help_links(),
        },
    )


@safety_view
def alert_settings(request: HttpRequest) -> HttpResponse:
    current = selectors.alert_settings_for(member=request.user)
    form = AlertSettingsForm(
        request.POST or None, initial={"areas": current.areas, "email": current.email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_settings_save(
                member=request.user,
                areas=form.cleaned_data["areas"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            messages.success(request, _("Saved."))
            return redirect("safety:alert_settings")
    return render(
        request,
        "safety/alert_settings.html",
        {"form": form, "has_email": bool(request.user.email), "help": help_links()},
    )
