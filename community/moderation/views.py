"""Moderation pages: the review queue, members, appeals, audit log, watched words,
and the member-facing report form and "my sanctions" page. Views stay thin: they
check permission, call one service or selector, and render."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.decorators import approved_member_required
from community.accounts.services import member_approve, member_reject
from community.audit import selectors as audit_selectors
from community.audit.services import audit_record
from community.moderation import selectors, services
from community.moderation.forms import (
    AccountDecisionForm,
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    EditForm,
    NoteForm,
    ReportForm,
    RevokeForm,
    SanctionForm,
    TrustForm,
    WatchedWordForm,
)
from community.moderation.models import Appeal, ReviewItem, Sanction, WatchedWord
from community.moderation.policies import can_decide_on
from community.policies import is_moderator
from community.registries.content import NotRegistered, adapter_for


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Moderators only; 2FA is enforced for /moderation/ by the two-factor middleware."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- Member-facing -----------------------------------------------------------------------


@approved_member_required
def report(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """Report content or a member. The form never reveals whether the target exists
    beyond what the member could already see: content they cannot see (the app's
    `visible_to`, for forum posts forum.policies.can_report) answers 404, exactly as
    an id that does not exist."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None:
        raise Http404
    try:
        adapter = adapter_for(model)
    except NotRegistered:
        raise Http404 from None
    try:
        object_pk = model._meta.pk.to_python(object_id)
    except ValidationError:
        raise Http404 from None  # "abc" for a numeric id: not found, not a server error
    target = model._default_manager.filter(pk=object_pk).first()
    if target is None or not adapter.can_see(target, request.user):
        raise Http404
    back = _safe_next(request, adapter.url(target) or "/")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ObjectDoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect(back)
    return render(request, "moderation/report.html", {"form": form, "back": back})


@login_required
def my_sanctions(request: HttpRequest) -> HttpResponse:
    """A member sees decisions about them, with the reason, and can appeal once.
    Reachable while suspended or banned (that is where refused pages send them)."""
    sanctions = selectors.sanctions_for_member(member=request.user)
    return render(
        request,
        "moderation/my_sanctions.html",
        {"sanctions": sanctions, "active": selectors.active_sanction_for(request.user)},
    )


@login_required
def appeal_create(request: HttpRequest, sanction_id: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction, pk=sanction_id, member=request.user)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(
                member=request.user, sanction=sanction, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your appeal was sent to a moderator."))
            return redirect("moderation:my_sanctions")
    return render(request, "moderation/appeal_form.html", {"form": form, "sanction": sanction})


# --- The review queue ----------------------------------------------------------------------


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    entries = selectors.review_queue(viewer=request.user)
    pending = selectors.pending_members_for_queue()
    if entries:
        audit_record(
            actor=request.user,
            action="moderation.queue.viewed",
            data={"review_items": [e.item.pk for e in entries]},
        )
    return render(
        request,
        "moderation/queue.html",
        {
            "entries": entries,
            "pending_members": pending,
            "pending_available": pending is not None,
            "appeals": selectors.appeals_for_moderator(moderator=request.user),
        },
    )


@moderator_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    entries = selectors.review_queue(
        viewer=request.user, items=ReviewItem.objects.filter(pk=item_id)
    )
    # Also when the case is about this moderator: another moderator decides it.
    if not entries:
        raise Http404
    entry = entries[0]
    audit_record(
        actor=request.user,
        action="moderation.review.viewed",
        target=entry.target,
        data={"review_item": entry.item.pk},
    )
    return render(request, "moderation/item_detail.html", {"entry": entry})


def _review_item(request: HttpRequest, item_id: int) -> ReviewItem:
    """The review item, or 404 — also when it is about this moderator."""
    item = get_object_or_404(ReviewItem, pk=item_id)
    if not can_decide_on(request.user, item.target):
        raise Http404
    return item


_DECISIONS = {
    "approve": services.content_approve,
    "reject": services.content_reject,
    "hide": services.content_hide,
    "restore": services.content_restore,
}

_DONE = {
    "approve": _("Approved."),
    "reject": _("Rejected."),
    "hide": _("Hidden."),
    "restore": _("Restored."),
    "dismiss": _("Closed without action."),
}


@moderator_required
@require_POST
def item_decide(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _review_item(request, item_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_safe_next(request, "moderation:queue"))
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    target = item.target
    if target is None:
        # Removed meanwhile (e.g. with its thread): nothing left to decide.
        ReviewItem.objects.filter(pk=item.pk, status=ReviewItem.Status.OPEN).update(
            status=ReviewItem.Status.CLOSED,
            closed_at=timezone.now(),
            closed_by=request.user,
            decision="gone",
        )
        messages.success(request, _DONE["dismiss"])
        return redirect(_safe_next(request, "moderation:queue"))
    try:
        if action == "dismiss" or not adapter_for(target).is_moderatable:
            services.review_close(target=target, actor=request.user, decision="dismissed")
            audit_record(
                actor=request.user,
                action="moderation.review.dismissed",
                target=target,
                reason=reason,
                data={"review_item": item.pk},
            )
        else:
            _DECISIONS[action](target, actor=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _DONE[action])
    return redirect(_safe_next(request, "moderation:queue"))


@moderator_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _review_item(request, item_id)
    target = item.target
    if target is None:
        raise Http404
    adapter = adapter_for(target)
    if not adapter.can_edit:
        raise Http404
    form = EditForm(request.POST or None, initial={"text": adapter.current_text(target)})
    if request.method == "POST" and form.is_valid():
        services.content_edit(
            target,
            actor=request.user,
            text=form.cleaned_data["text"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Saved. Approve or hide it in the queue."))
        return redirect("moderation:item_detail", item_id=item.pk)
    audit_record(
        actor=request.user,
        action="moderation.review.viewed",
        target=target,
        data={"review_item": item.pk, "for": "edit"},
    )
    return render(request, "moderation/item_edit.html", {"form": form, "item": item})


@moderator_required
@require_POST
def content_purge(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _review_item(request, item_id)
    target = item.target
    form = RevokeForm(request.POST)
    if target is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Give a reason for the purge."))
        return redirect("moderation:item_detail", item_id=item.pk)
    try:
        services.content_purge(target, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("moderation:item_detail", item_id=item.pk)
    messages.success(request, _("Purged for good."))
    return redirect("moderation:queue")


@moderator_required
@require_POST
def account_decide(request: HttpRequest, user_id: int) -> HttpResponse:
    """Approve or reject a pending account (community.services does the work)."""
    member = get_object_or_404(get_user_model(), pk=user_id)
    form = AccountDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    service = member_approve if form.cleaned_data["action"] == "approve" else member_reject
    try:
        service(actor=request.user, member=member, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("moderation:queue")
    messages.success(request, _DONE[form.cleaned_data["action"]])
    return redirect("moderation:queue")


# --- Members ----------------------------------------------------------------------------


@moderator_required
def member_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    audit_record(actor=request.user, action="community.member.notes_viewed", target=member)
    return render(
        request,
        "moderation/member_detail.html",
        {
            "member": member,
            "history": selectors.author_histories(member_ids={member.pk}).get(member.pk),
            "trust_level": selectors.trust_level_for(member),
            "sanctions": selectors.sanction_history(member=member),
            "notes": selectors.notes_for_member(member=member),
            "active": selectors.active_sanction_for(member),
            "sanction_form": SanctionForm(),
            "note_form": NoteForm(),
            "trust_form": TrustForm(initial={"level": selectors.trust_level_for(member)}),
        },
    )


@moderator_required
@require_POST
def member_sanction(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    form = SanctionForm(request.POST)
    if form.is_valid():
        try:
            services.sanction_apply(
                actor=request.user,
                member=member,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                staff_note=form.cleaned_data["staff_note"],
                duration=form.cleaned_duration(),
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The decision was saved and the member told."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("moderation:member_detail", user_id=member.pk)


@moderator_required
@require_POST
def sanction_revoke(request: HttpRequest, sanction_id: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction, pk=sanction_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        services.sanction_revoke(
            actor=request.user, sanction=sanction, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The sanction was lifted."))
    else:
        messages.error(request, _("Give a reason."))
    return redirect("moderation:member_detail", user_id=sanction.member_id)


@moderator_required
@require_POST
def member_note(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_create(actor=request.user, member=member, text=form.cleaned_data["text"])
        messages.success(request, _("Note saved."))
    return redirect("moderation:member_detail", user_id=member.pk)


@moderator_required
@require_POST
def member_trust(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    form = TrustForm(request.POST)
    if form.is_valid():
        services.trust_set(
            actor=request.user,
            member=member,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Trust level saved."))
    else:
        messages.error(request, _("Give a reason."))
    return redirect("moderation:member_detail", user_id=member.pk)


# --- Appeals ---------------------------------------------------------------------------


@moderator_required
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.select_related("sanction", "sanction__member", "sanction__created_by"),
        pk=appeal_id,
    )
    own_decision = appeal.sanction.created_by_id == request.user.pk
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and not own_decision and form.is_valid():
        try:
            services.appeal_decide(
                actor=request.user,
                appeal=appeal,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The appeal was decided and the member told."))
            return redirect("moderation:queue")
    if request.method == "POST" and own_decision:
        raise PermissionDenied
    audit_record(
        actor=request.user,
        action="community.appeal.viewed",
        target=appeal.sanction.member,
        data={"appeal": appeal.pk},
    )
    return render(
        request,
        "moderation/appeal_detail.html",
        {"appeal": appeal, "form": form, "own_decision": own_decision},
    )


# --- Audit log and watched words ---------------------------------------------------------


AUDIT_PAGE_SIZE = 50


@moderator_required
def audit(request: HttpRequest) -> HttpResponse:
    # PostgreSQL refuses a NUL in a text parameter (a server error, not "no results").
    prefix = request.GET.get("action", "").replace("\x00", "").strip()[:100]
    page = Paginator(audit_selectors.audit_entries(action_prefix=prefix), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.audit_rows(viewer=request.user, entries=page.object_list)
    return render(request, "moderation/audit.html", {"page": page, "rows": rows, "prefix": prefix})


@moderator_required
def words(request: HttpRequest) -> HttpResponse:
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("word", _error_text(error))
        else:
            messages.success(request, _("Rule saved."))
            return redirect("moderation:words")
    return render(
        request,
        "moderation/words.html",
        {"form": form, "rules": WatchedWord.objects.all()},
    )


@moderator_required
@require_POST
def word_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(WatchedWord, pk=rule_id)
    services.watched_word_delete(actor=request.user, rule=rule)
    messages.success(request, _("Rule removed."))
    return redirect("moderation:words")
