"""Account pages around allauth: waiting page, moderators' approvals, invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts import selectors, services
from community.accounts.decorators import approved_member_required
from community.accounts.forms import InvitationCodeForm, MembershipDecisionForm
from community.models import User
from community.policies import is_approved_member, is_moderator, member_may_post


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """The waiting page; a pending member may enter an invitation code here."""
    if is_approved_member(request.user):
        return redirect("/")
    rejected = request.user.status == User.Status.REJECTED
    code_form = InvitationCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not rejected and code_form.is_valid():
        try:
            member = User.objects.get(pk=request.user.pk)  # not the lazy request.user
            services.invitation_redeem(code=code_form.cleaned_data["code"], member=member)
        except ValidationError as error:
            code_form.add_error("code", error)
        else:
            messages.success(request, _("Welcome to Kring! Your account is ready."))
            return redirect("/")
    status = 400 if code_form.is_bound else 200
    context = {"rejected": rejected, "code_form": code_form}
    return render(request, "community/pending.html", context, status=status)


def _moderator_only(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Moderators decide on pending accounts: approve, or reject with a reason."""
    _moderator_only(request)
    failed_form = None
    if request.method == "POST":
        form = MembershipDecisionForm(request.POST)
        if form.is_valid():
            member = get_object_or_404(User, pk=form.cleaned_data["member"])
            reason = form.cleaned_data["reason"]
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.member_approve(actor=request.user, member=member, reason=reason)
                    messages.success(request, _("%(name)s is now a member.") % {"name": member})
                else:
                    services.member_reject(actor=request.user, member=member, reason=reason)
                    messages.success(request, _("%(name)s was not approved.") % {"name": member})
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("member_approvals")
        failed_form = form
    pending_members = list(selectors.pending_members())
    rows = []
    for member in pending_members:
        if failed_form is not None and str(member.pk) == str(failed_form.data.get("member")):
            rows.append((member, failed_form))
        else:
            rows.append((member, MembershipDecisionForm(initial={"member": member.pk})))
    context = {
        "rows": rows,
        "recent_decisions": selectors.recent_membership_decisions(limit=20),
    }
    return render(request, "community/approvals.html", context, status=400 if failed_form else 200)


@approved_member_required
def invitations(request: HttpRequest) -> HttpResponse:
    """An approved member's invitation codes, and a button to make a new one."""
    context = {
        "invitations": selectors.invitations_of(member=request.user),
        # The same question invitation_create asks: silenced members cannot invite.
        "can_invite": member_may_post(request.user),
        "valid_days": services.INVITATION_VALID_FOR.days,
    }
    return render(request, "community/invitations.html", context)


@require_POST
@approved_member_required
def invitation_new(request: HttpRequest) -> HttpResponse:
    try:
        invitation = services.invitation_create(actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("New invitation code: %(code)s") % {"code": invitation.display_code}
        )
    return redirect("member_invitations")
