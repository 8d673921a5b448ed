"""Thin views: enrol an authenticator app, verify a session, manage backup codes."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.policies import requires_two_factor
from community.twofactor import selectors, services
from community.twofactor.decorators import two_factor_verified
from community.twofactor.forms import CodeForm, EnrolmentCodeIssueForm, TotpSetupForm
from community.twofactor.selectors import EnrolmentProof

SETUP_KEY_SESSION = "twofactor_setup_key"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(name: str, next_url: str) -> str:
    url = reverse(name)
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return url


def _refusal(outcome: services.VerifyOutcome) -> str:
    if outcome.locked:
        return _("Too many wrong codes. Wait a few minutes, then try again.")
    if outcome.throttled:
        return _("Wait a moment before you try another code.")
    return _("That code is not right. Check the code and try again.")


def _proof_refusal(outcome: services.VerifyOutcome, needed: EnrolmentProof) -> str:
    if outcome.locked or outcome.throttled or needed is EnrolmentProof.FACTOR:
        return _refusal(outcome)
    return _(
        "That enrolment code is not right, was used already or has expired. "
        "Ask an administrator for a new one."
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "twofactor/overview.html",
        {
            "has_totp": selectors.totp_device_for(user=user) is not None,
            "backup_codes_left": selectors.backup_codes_remaining(user=user),
            "required": requires_two_factor(user),
            "may_issue_enrolment_codes": selectors.may_issue_enrolment_codes(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app, or replace one: with proof when the account needs it
    (selectors.enrolment_proof_needed), never with the password alone."""
    user = request.user
    next_url = _next_url(request)
    needed = selectors.enrolment_proof_needed(user=user)
    key = request.session.get(SETUP_KEY_SESSION)
    if not key:
        key = services.totp_key_new()
        request.session[SETUP_KEY_SESSION] = key
    form = TotpSetupForm(request.POST or None, proof=needed)
    if request.method == "POST" and form.is_valid():
        outcome = services.totp_device_confirm(
            user=user,
            key=key,
            code=form.cleaned_data["code"],
            proof=form.cleaned_data.get("proof", ""),
        )
        if outcome.ok:
            del request.session[SETUP_KEY_SESSION]
            codes = services.backup_codes_create(user=user)
            request.session.cycle_key()
            django_otp.login(request, outcome.device)
            return render(
                request,
                "twofactor/backup_codes.html",
                {"codes": codes, "next_url": next_url, "just_enrolled": True},
            )
        if outcome.proof_refused:
            form.add_error("proof", _proof_refusal(outcome, needed))
        else:
            form.add_error("code", _refusal(outcome))
    config_url = selectors.totp_config_url(user=user, key=key)
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "next_url": next_url,
            "proof_needed": needed.value,
            "replacing": selectors.totp_device_for(user=user) is not None,
            "secret": selectors.totp_secret_for_display(key=key),
            "qr_svg": selectors.qr_code_svg(
                data=config_url, title=_("QR code for your authenticator app")
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if not selectors.has_two_factor(user=user):
        return redirect(_with_next("twofactor:setup", next_url))
    if selectors.session_is_verified(user=user):
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            request.session.cycle_key()
            django_otp.login(request, outcome.device)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _refusal(outcome))
    return render(request, "twofactor/verify.html", {"form": form, "next_url": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, after the member proves they hold a second factor."""
    user = request.user
    if not selectors.has_two_factor(user=user):
        return redirect("twofactor:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            codes = services.backup_codes_create(user=user)
            django_otp.login(request, outcome.device)
            return render(request, "twofactor/backup_codes.html", {"codes": codes})
        form.add_error("code", _refusal(outcome))
    return render(request, "twofactor/backup_codes_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator app and the backup codes, after a code."""
    user = request.user
    if not selectors.has_two_factor(user=user):
        return redirect("twofactor:overview")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            services.two_factor_remove(user=user)
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("twofactor:overview")
        form.add_error("code", _refusal(outcome))
    return render(request, "twofactor/remove.html", {"form": form})


@login_required
@two_factor_verified
@require_http_methods(["GET", "POST"])
def enrolment_code(request: HttpRequest) -> HttpResponse:
    """A verified superuser issues a one-time enrolment code for an account."""
    if not selectors.may_issue_enrolment_codes(request.user):
        raise PermissionDenied
    form = EnrolmentCodeIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.cleaned_data["pseudonym"]
        code = services.enrolment_code_issue(actor=request.user, user=account)
        return render(
            request,
            "twofactor/enrolment_code_issued.html",
            {
                "account": account,
                "code": code,
                "valid_hours": int(services.ENROLMENT_CODE_VALID_FOR.total_seconds() // 3600),
            },
        )
    return render(request, "twofactor/enrolment_code.html", {"form": form})
