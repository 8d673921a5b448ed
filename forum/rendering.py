"""The posts of a thread page, rendered in Python.

Why not a template: a page has 50 posts, each with a header, body, three reaction
buttons and a menu — about 70 template nodes per post, 3,500 per page, which made the
template the slowest part of the page (the issue's target is a median under 30 ms).
`format_html` escapes every value it inserts; the only HTML taken as is, is the
post's `html`, the stored output of the one sanitiser (community.text.render_markdown).
Data attributes (data-post, data-quote, data-reaction …) are what forum.js and the
tests hold on to.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from community.privacy.selectors import is_former_member
from forum.models import Post, Reaction
from forum.selectors import PostView, ThreadPage

REACTION_SYMBOLS = {
    Reaction.Kind.HEART: "♥",
    Reaction.Kind.HUG: "🤗",
    Reaction.Kind.ME_TOO: "🙋",
}


@dataclass(frozen=True)
class _PageContext:
    csrf_token: str
    post_base: str
    report_base: str
    reply_url: str
    can_reply: bool
    is_moderator: bool
    labels: dict[str, str]
    reactions: list[tuple[str, str, str]]


def render_posts(
    *,
    view: ThreadPage,
    csrf_token: str,
    can_reply: bool,
    is_moderator: bool,
    report_content_type_id: int,
) -> SafeString:
    ctx = _PageContext(
        csrf_token=csrf_token,
        post_base=reverse("forum:post", args=[0]).removesuffix("0/"),
        report_base=reverse("moderation:report", args=[report_content_type_id, 0]).removesuffix(
            "0/"
        ),
        reply_url=reverse("forum:reply", args=[view.thread.pk]),
        can_reply=can_reply,
        is_moderator=is_moderator,
        labels={
            "reply": _("Reply"),
            "quote": _("Quote"),
            "edit": _("Edit"),
            "delete": _("Delete"),
            "report": _("Report"),
            "unblock": _("Unblock"),
            "edited": _("edited"),
            "former": _("former member"),
            "support": _("support worker"),
            "blocked": _("Post by a member you blocked"),
            "deleted": _("This post was deleted by its author."),
            "hidden": _("This post was hidden by a moderator."),
            "held": _("Waiting for a moderator: only you and the moderators see this post."),
            "hidden_own": _("Hidden by a moderator. Only you and the moderators see it."),
            "reason": _("Reason:"),
            "new": _("New since your last visit"),
        },
        reactions=[(str(kind), str(kind.label), REACTION_SYMBOLS[kind]) for kind in Reaction.Kind],
    )
    parts = []
    for item in view.posts:
        if item.post.pk == view.first_new_post_id:
            parts.append(
                format_html(
                    '<p class="forum-new-marker" id="new" data-new-marker>{}</p>',
                    ctx.labels["new"],
                )
            )
        parts.append(_post(item, ctx))
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


def _post(item: PostView, ctx: _PageContext) -> SafeString:
    post = item.post
    path = f"{ctx.post_base}{post.pk}/"
    state = post.moderation_state
    css = "forum-post" if state == Post.VISIBLE else f"forum-post forum-post--{state}"
    inner = _header(item, ctx, path) + _body(item, ctx) + _footer(item, ctx, path)
    if item.is_blocked:
        inner = format_html(
            '<details class="forum-post__blocked" data-blocked-post><summary>{}</summary>{}'
            "</details>",
            ctx.labels["blocked"],
            inner,
        )
    return format_html(
        '<article class="{}" id="p{}" data-post="{}">{}</article>\n', css, post.pk, post.pk, inner
    )


def _member(member: Any, ctx: _PageContext) -> SafeString:
    if member is None or is_former_member(member):
        return format_html(
            '<span class="forum-member forum-member--former">{}</span>', ctx.labels["former"]
        )
    return format_html('<span class="forum-member">@{}</span>', member.username)


def _header(item: PostView, ctx: _PageContext, path: str) -> SafeString:
    post = item.post
    badge = (
        format_html(
            '<span class="forum-badge forum-badge--verified">✓ {}</span>', ctx.labels["support"]
        )
        if item.is_support_worker
        else ""
    )
    edited = ""
    if post.edited_at and not post.is_deleted:
        if item.is_own or ctx.is_moderator:
            edited = format_html(
                '<a class="forum-post__edited" href="{}history/" data-edited>{}</a>',
                path,
                ctx.labels["edited"],
            )
        else:
            edited = format_html(
                '<span class="forum-post__edited" data-edited>{}</span>', ctx.labels["edited"]
            )
    return format_html(
        '<header class="forum-post__header">{}{}<a class="forum-post__permalink" href="{}">#{}</a>'
        '<time datetime="{}">{}</time>{}</header>',
        _member(post.author, ctx),
        badge,
        path,
        item.number,
        post.created_at.isoformat(),
        _local(post.created_at),
        edited,
    )


def _local(moment: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def _body(item: PostView, ctx: _PageContext) -> SafeString:
    post = item.post
    if post.is_deleted:
        return format_html(
            '<p class="forum-post__placeholder" data-deleted>{}</p>', ctx.labels["deleted"]
        )
    if post.moderation_state == Post.HIDDEN and not item.is_own and not ctx.is_moderator:
        return format_html(
            '<p class="forum-post__placeholder" data-hidden>{}</p>', ctx.labels["hidden"]
        )
    notice = ""
    if post.moderation_state == Post.HELD:
        notice = format_html(
            '<p class="forum-post__notice" data-held>{} {}</p>',
            ctx.labels["held"],
            post.moderation_reason,
        )
    elif post.moderation_state == Post.HIDDEN:
        reason = (
            format_html(" {} {}", ctx.labels["reason"], post.moderation_reason)
            if post.moderation_reason
            else ""
        )
        notice = format_html(
            '<p class="forum-post__notice" data-hidden-notice>{}{}</p>',
            ctx.labels["hidden_own"],
            reason,
        )
    return format_html('{}<div class="forum-post__body" data-post-body>{}</div>', notice, post.html)


def _csrf(ctx: _PageContext) -> SafeString:
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', ctx.csrf_token
    )


def _footer(item: PostView, ctx: _PageContext, path: str) -> SafeString:
    post = item.post
    labels = ctx.labels
    if post.is_deleted:
        return SafeString("")
    links = []
    if post.moderation_state != Post.VISIBLE:
        if not item.is_own:
            return SafeString("")
        if item.can_edit:
            links.append(format_html('<a href="{}edit/" data-edit>{}</a>', path, labels["edit"]))
        links.append(format_html('<a href="{}delete/" data-delete>{}</a>', path, labels["delete"]))
        return format_html(
            '<footer class="forum-post__footer"><div class="forum-post__menu">{}</div></footer>',
            mark_safe("".join(links)),  # noqa: S308 - built by format_html
        )
    buttons = format_html_join(
        "",
        '<button type="submit" name="kind" value="{}" class="forum-reaction{}" aria-pressed="{}"'
        ' data-reaction="{}"><span aria-hidden="true">{}</span> <span>{}</span>'
        ' <span class="forum-reaction__count" data-count>{}</span></button>',
        (
            (
                kind,
                " forum-reaction--mine" if kind in item.mine else "",
                "true" if kind in item.mine else "false",
                kind,
                symbol,
                label,
                item.reactions.get(kind, 0),
            )
            for kind, label, symbol in ctx.reactions
        ),
    )
    reactions = format_html(
        '<form class="forum-reactions" method="post" action="{}react/" data-reactions>{}{}</form>',
        path,
        _csrf(ctx),
        buttons,
    )
    author = post.author
    if ctx.can_reply:
        links.append(
            format_html(
                '<a href="{}?reply_to={}" data-reply="{}">{}</a>',
                ctx.reply_url,
                post.pk,
                post.pk,
                labels["reply"],
            )
        )
        links.append(
            format_html(
                '<a href="{}?quote={}" data-quote="{}" data-quote-author="{}">{}</a>',
                ctx.reply_url,
                post.pk,
                post.pk,
                author.username if author else "",
                labels["quote"],
            )
        )
    if item.can_edit:
        links.append(format_html('<a href="{}edit/" data-edit>{}</a>', path, labels["edit"]))
    if item.is_own:
        links.append(format_html('<a href="{}delete/" data-delete>{}</a>', path, labels["delete"]))
    if not item.is_own and author is not None:
        links.append(
            format_html(
                '<a href="{}{}/" data-report>{}</a>', ctx.report_base, post.pk, labels["report"]
            )
        )
        if item.is_blocked:
            links.append(
                format_html(
                    '<form method="post" action="{}unblock/">{}<button type="submit"'
                    ' class="link-button" data-unblock>{}</button></form>',
                    path,
                    _csrf(ctx),
                    labels["unblock"],
                )
            )
        else:
            links.append(
                format_html(
                    '<form method="post" action="{}block/">{}<button type="submit"'
                    ' class="link-button" data-block>{}</button></form>',
                    path,
                    _csrf(ctx),
                    _("Block @%(name)s") % {"name": author.username},
                )
            )
    return format_html(
        '<footer class="forum-post__footer">{}<div class="forum-post__menu">{}</div></footer>',
        reactions,
        mark_safe("".join(links)),  # noqa: S308 - built by format_html
    )
