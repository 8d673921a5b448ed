"""Forum pages. Thin: parse input, check access, call one service or selector, render.

Every view goes through `forum_view`: visitors get the login page and pending members
the waiting page (community.accounts.decorators.approved_member_required), and every response
says noindex and must not be cached by shared caches. URLs carry ids, never titles, so
a redirect to the login page leaks nothing about the thread.

What a member may do is asked of forum.policies, the same functions the services ask;
what they may not do answers 404, as for an id that does not exist.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.renderers import Jinja2 as Jinja2FormRenderer
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.accounts.decorators import approved_member_required
from community.accounts.services import member_block, member_unblock
from community.audit.services import audit_record
from community.policies import member_is_silenced
from forum import policies, selectors, services
from forum.forms import (
    EditForm,
    ReactionForm,
    ReplyForm,
    SearchForm,
    SplitForm,
    ThreadForm,
    ThreadToolsForm,
)
from forum.models import Post, Thread
from forum.quotes import quote_token
from forum.rendering import render_posts


def forum_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    gated = approved_member_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = gated(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def moderator_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Thread tools: moderators only, in a session verified with a second factor.
    Everyone else gets a 404 — an unverified moderator too: outside the staff areas an
    unverified staff session is an ordinary member (they verify under /moderation/)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policies.can_use_thread_tools(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return forum_view(wrapper)


def _page_url(thread: Thread, page: int, post_id: int | None = None) -> str:
    url = reverse("forum:thread", args=[thread.pk])
    if page > 1:
        url += f"?page={page}"
    if post_id:
        url += f"#p{post_id}"
    return url


def _post_url(request: HttpRequest, post: Post) -> str:
    page = selectors.post_page_number(member=request.user, post=post)
    return _page_url(post.thread, page, post.pk)


def _findings(warning: services.PersonalInformationWarning) -> list[str]:
    """Readable lines for the personal-information warning."""
    lines = []
    for finding in warning.findings:
        label = getattr(finding, "label", None) or getattr(finding, "kind", "")
        text = getattr(finding, "text", None) or getattr(finding, "match", "") or ""
        lines.append(f"{label}: {text}" if text else str(label))
    return lines


# --- Reading -----------------------------------------------------------------------------------


@forum_view
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "forum/index.html",
        {
            "categories": selectors.category_list(member=request.user),
            "search_form": SearchForm(),
        },
    )


@forum_view
def category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = selectors.category_get(member=request.user, category_id=category_id)
    page = selectors.thread_list(
        member=request.user, category=category, page=request.GET.get("page")
    )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "can_post": policies.can_start_thread(request.user, category),
            "is_silenced": member_is_silenced(request.user),
            "is_watching": selectors.category_is_watched(member=request.user, category=category),
        },
    )


# The reply form's widgets on the thread page, drawn from Django's own Jinja2 copies of
# its widget templates: the same HTML, autoescaped, for a quarter less than the form
# cost through the Django template engine on the page members open most.
_WIDGETS_BY_JINJA2 = Jinja2FormRenderer()


@forum_view
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    view = selectors.thread_page(
        member=request.user, thread_id=thread_id, page=request.GET.get("page")
    )
    thread = view.thread
    if view.read_up_to is not None:
        services.read_state_mark(
            member=request.user,
            thread=thread,
            post_id=view.read_up_to,
            has_read_state=view.last_read_post_id is not None,
        )
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "view": view,
            "posts_html": render_posts(view=view, request=request),
            "form": ReplyForm(renderer=_WIDGETS_BY_JINJA2),
            "is_silenced": member_is_silenced(request.user),
        },
    )


@forum_view
def post_permalink(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    return redirect(_post_url(request, post))


@forum_view
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        page = selectors.search_threads(
            member=request.user, query=form.cleaned_data["q"], page=request.GET.get("page")
        )
    return render(request, "forum/search.html", {"form": form, "page": page})


# --- Writing ----------------------------------------------------------------------------------


@forum_view
def thread_new(request: HttpRequest, category_id: int) -> HttpResponse:
    category = selectors.category_get(member=request.user, category_id=category_id)
    if not policies.can_start_thread(request.user, category):
        raise Http404
    form = ThreadForm(request.POST or None)
    findings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                actor=request.user,
                category=category,
                title=data["title"],
                body=data["body"],
                idempotency_key=data["token"],
                post_anyway=data["post_anyway"],
            )
        except services.PersonalInformationWarning as warning:
            findings = _findings(warning)
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            return redirect(_thread_landing(request, thread))
    return render(
        request,
        "forum/thread_new.html",
        {"category": category, "form": form, "findings": findings},
    )


def _thread_landing(request: HttpRequest, thread: Thread) -> str:
    if thread.first_post_id and not thread.is_visible:
        messages.info(request, _("Thanks! A moderator looks at your post before others see it."))
    return reverse("forum:thread", args=[thread.pk])


def _form_error(form: Any, error: Exception) -> None:
    """Show a service's refusal above the form; the typed text stays in the form."""
    if isinstance(error, ValidationError):
        for message in error.messages:
            field = "title" if error_code(error) in {"empty_title", "title_too_long"} else None
            form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, _refusal_text(error))


def error_code(error: ValidationError) -> str | None:
    return getattr(error, "code", None)


def _refusal_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You cannot do this.")


@forum_view
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The reply form's target. GET (with ?quote= or ?reply_to=) shows a reply page,
    which is also how quoting works without JavaScript; errors come back here with
    everything the member typed."""
    thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
    if thread is None:
        return _thread_gone(request)
    thread = selectors.thread_get(member=request.user, thread_id=thread_id)
    findings: list[str] = []
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            reply_to = None
            if data.get("reply_to"):
                reply_to = Post.objects.filter(pk=data["reply_to"], thread=thread).first()
            try:
                post = services.post_create(
                    actor=request.user,
                    thread=thread,
                    body=data["body"],
                    reply_to=reply_to,
                    idempotency_key=data["token"],
                    post_anyway=data["post_anyway"],
                )
            except services.PersonalInformationWarning as warning:
                findings = _findings(warning)
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, ValidationError) and error_code(error) == "thread_gone":
                    return _thread_gone(request)
                _form_error(form, error)
            else:
                if post.moderation_state == Post.HELD:
                    messages.info(
                        request,
                        _("Thanks! A moderator looks at your post before others see it."),
                    )
                return redirect(_post_url(request, post))
    else:
        initial: dict[str, Any] = {}
        quoted = _quoted_post(request, thread)
        if quoted is not None:
            initial["body"] = quote_token(quoted.pk)
            initial["reply_to"] = quoted.pk
        elif request.GET.get("reply_to", "").isdigit():
            initial["reply_to"] = int(request.GET["reply_to"])
        form = ReplyForm(initial=initial)
    return render(
        request,
        "forum/reply.html",
        {"thread": thread, "form": form, "findings": findings},
    )


def _quoted_post(request: HttpRequest, thread: Thread) -> Post | None:
    raw = request.GET.get("quote", "")
    if not raw.isdigit():
        return None
    post = (
        Post.objects.filter(pk=int(raw), moderation_state=Post.VISIBLE, deleted_at__isnull=True)
        .select_related("author", "thread__category")
        .first()
    )
    if post is None or not policies.can_quote(request.user, post):
        return None
    return post


def _thread_gone(request: HttpRequest) -> HttpResponse:
    """A reply to a thread that was purged or merged away: say so, and hand back the
    text so nothing typed is lost."""
    return render(
        request,
        "forum/thread_gone.html",
        {"body": request.POST.get("body", "")},
        # 410, not 404: LocaleMiddleware turns 404s into redirects, losing the text.
        status=410,
    )


@forum_view
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    if not policies.can_edit_post(request.user, post):
        raise Http404
    is_own = post.author_id == request.user.pk
    findings: list[str] = []
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.post_edit(
                    actor=request.user,
                    post=post,
                    body=data["body"],
                    reason=data["reason"],
                    post_anyway=data["post_anyway"],
                )
            except services.PersonalInformationWarning as warning:
                findings = _findings(warning)
            except (ValidationError, PermissionDenied) as error:
                _form_error(form, error)
            else:
                return redirect(_post_url(request, post))
    else:
        form = EditForm(initial={"body": post.body})
    return render(
        request,
        "forum/post_edit.html",
        {"post": post, "form": form, "findings": findings, "is_own": is_own},
    )


@forum_view
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    if not policies.can_delete_post(request.user, post):
        raise Http404
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        messages.info(request, _("Your post has been deleted."))
        return redirect(_post_url(request, post))
    return render(request, "forum/post_delete.html", {"post": post})


@forum_view
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    if not policies.can_view_history(request.user, post):
        raise Http404
    if post.author_id != request.user.pk:
        # Earlier versions may hold what the author removed: opening them is audited.
        audit_record(actor=request.user, action="forum.post.history_viewed", target=post)
    return render(
        request,
        "forum/post_history.html",
        {"post": post, "revisions": selectors.post_revisions(post=post)},
    )


def _react(request: HttpRequest, post_id: int, data: Any) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    form = ReactionForm(data)
    if form.is_valid():
        try:
            services.reaction_toggle(actor=request.user, post=post, kind=form.cleaned_data["kind"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal_text(error))
    return redirect(_post_url(request, post))


def _block(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    if post.author is not None and post.author_id != request.user.pk:
        member_block(actor=request.user, blocked=post.author)
        messages.info(
            request,
            _("You blocked @%(name)s. Their posts are now folded away for you.")
            % {"name": post.author.username},
        )
    return redirect(_post_url(request, post))


def _unblock(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(member=request.user, post_id=post_id)
    if post.author is not None:
        member_unblock(actor=request.user, blocked=post.author)
    return redirect(_post_url(request, post))


@forum_view
@require_POST
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    return _react(request, post_id, request.POST)


@forum_view
@require_POST
def post_block(request: HttpRequest, post_id: int) -> HttpResponse:
    return _block(request, post_id)


@forum_view
@require_POST
def post_unblock(request: HttpRequest, post_id: int) -> HttpResponse:
    return _unblock(request, post_id)


def _post_id(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise Http404
    return int(raw)


@forum_view
@require_POST
def post_action(request: HttpRequest) -> HttpResponse:
    """The thread page's one form. Each button names its action and its post
    (react=<post>:<kind>, block=<post>, unblock=<post>), so the fifty posts of a page
    carry no form and no CSRF token of their own; the same checks as the single-post
    views above."""
    if "react" in request.POST:
        post_id, _sep, kind = request.POST["react"].partition(":")
        return _react(request, _post_id(post_id), {"kind": kind})
    if "block" in request.POST:
        return _block(request, _post_id(request.POST["block"]))
    if "unblock" in request.POST:
        return _unblock(request, _post_id(request.POST["unblock"]))
    raise Http404


@forum_view
@require_POST
def thread_watch(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(member=request.user, thread_id=thread_id)
    services.thread_watch_set(
        actor=request.user, thread=thread, watching=request.POST.get("watching") == "1"
    )
    return redirect("forum:thread", thread.pk)


@forum_view
@require_POST
def category_watch(request: HttpRequest, category_id: int) -> HttpResponse:
    category = selectors.category_get(member=request.user, category_id=category_id)
    services.category_watch_set(
        actor=request.user, category=category, watching=request.POST.get("watching") == "1"
    )
    return redirect("forum:category", category.pk)


# --- Thread tools (moderators) ---------------------------------------------------------------


@moderator_view
def thread_tools(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(member=request.user, thread_id=thread_id)
    form = ThreadToolsForm(request.POST or None)
    form.fields["category"].queryset = selectors.move_targets(thread=thread)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor, reason = request.user, data["reason"]
        try:
            thread = _thread_tool(thread=thread, data=data, actor=actor, reason=reason)
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Done. The action is in the audit log."))
            return redirect("forum:thread", thread.pk)
    return render(request, "forum/thread_tools.html", {"thread": thread, "form": form})


def _thread_tool(*, thread: Thread, data: dict, actor: Any, reason: str) -> Thread:
    action = data["action"]
    simple = {
        "lock": services.thread_lock,
        "unlock": services.thread_unlock,
        "pin": services.thread_pin,
        "unpin": services.thread_unpin,
    }
    if action in simple:
        return simple[action](actor=actor, thread=thread, reason=reason)
    if action == "move":
        return services.thread_move(
            actor=actor, thread=thread, category=data["category"], reason=reason
        )
    if action == "close_at":
        return services.thread_close_at(
            actor=actor, thread=thread, closes_at=data["closes_at"], reason=reason
        )
    if action == "slow_mode":
        return services.thread_slow_mode(
            actor=actor, thread=thread, minutes=data["slow_mode_minutes"], reason=reason
        )
    target = Thread.objects.filter(pk=data["merge_into"]).first()
    if target is None:
        raise ValidationError(_("There is no thread with that number."))
    return services.thread_merge(actor=actor, source=thread, target=target, reason=reason)


@moderator_view
def thread_split(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(member=request.user, thread_id=thread_id)
    replies = list(
        Post.objects.filter(thread=thread).exclude(pk=thread.first_post_id).select_related("author")
    )
    choices = [
        (post.pk, f"#{post.pk} @{post.author.username if post.author else '—'}") for post in replies
    ]
    form = SplitForm(request.POST or None, post_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.thread_split(
                actor=request.user,
                thread=thread,
                post_ids=data["posts"],
                title=data["title"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Done. The action is in the audit log."))
            return redirect("forum:thread", new.pk)
    return render(
        request, "forum/thread_split.html", {"thread": thread, "form": form, "replies": replies}
    )
