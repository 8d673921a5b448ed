"""The posts of a thread page, rendered in Python.

Why not a template: a page has 50 posts, each with a header, body, three reaction
buttons and a menu — about 70 template nodes per post, 3,500 per page, which made the
template the slowest part of the page (the issue's target is a median under 30 ms).
Every member-written value (pseudonyms, moderation reasons) goes through `_e`
(html.escape, as Django's escape); the only HTML taken as is, is the post's `html`,
the stored output of the one sanitiser (community.text.render_markdown).
`format_html` was tried first: its lazy-string checks cost more than the markup.
Data attributes (data-post, data-quote, data-reaction …) are what forum.js and the
tests hold on to.
"""

import html
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
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
    csrf_input: str
    post_base: str
    report_base: str
    reply_url: str
    can_reply: bool
    labels: dict[str, str]
    reactions: list[tuple[str, str, str]]


def render_posts(
    *,
    view: ThreadPage,
    csrf_token: str,
    can_reply: bool,
    report_content_type_id: int,
) -> SafeString:
    ctx = _PageContext(
        csrf_input=f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">',
        post_base=reverse("forum:post", args=[0]).removesuffix("0/"),
        report_base=reverse("moderation:report", args=[report_content_type_id, 0]).removesuffix(
            "0/"
        ),
        reply_url=reverse("forum:reply", args=[view.thread.pk]),
        can_reply=can_reply,
        # Escaped once here, inserted as is below.
        labels={
            key: _e(value)
            for key, value in {
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
            }.items()
        },
        reactions=[(str(kind), str(kind.label), REACTION_SYMBOLS[kind]) for kind in Reaction.Kind],
    )
    parts = []
    for item in view.posts:
        if item.post.pk == view.first_new_post_id:
            parts.append(
                f'<p class="forum-new-marker" id="new" data-new-marker>{ctx.labels["new"]}</p>'
            )
        parts.append(_post(item, ctx))
    # Every value above is escaped with _e (or is an int, a fixed string or a path we
    # built); post.html is the sanitiser's stored output.
    return mark_safe("".join(parts))  # noqa: S308


def _e(value: Any) -> str:
    """Escape for HTML text and attribute values (what Django's escape does)."""
    return html.escape(str(value), quote=True)


def _post(item: PostView, ctx: _PageContext) -> str:
    post = item.post
    path = f"{ctx.post_base}{post.pk}/"
    state = post.moderation_state
    css = "forum-post" if state == Post.VISIBLE else f"forum-post forum-post--{_e(state)}"
    inner = _header(item, ctx, path) + _body(item, ctx) + _footer(item, ctx, path)
    if item.is_blocked:
        inner = (
            '<details class="forum-post__blocked" data-blocked-post>'
            f"<summary>{ctx.labels['blocked']}</summary>{inner}</details>"
        )
    return f'<article class="{css}" id="p{post.pk}" data-post="{post.pk}">{inner}</article>\n'


def _member(member: Any, ctx: _PageContext) -> str:
    if member is None or is_former_member(member):
        return f'<span class="forum-member forum-member--former">{ctx.labels["former"]}</span>'
    return f'<span class="forum-member">@{_e(member.username)}</span>'


def _header(item: PostView, ctx: _PageContext, path: str) -> str:
    post = item.post
    badge = ""
    if item.is_support_worker:
        badge = f'<span class="forum-badge forum-badge--verified">✓ {ctx.labels["support"]}</span>'
    edited = ""
    if post.edited_at and not post.is_deleted:
        if item.allowed.history:
            edited = (
                f'<a class="forum-post__edited" href="{path}history/" data-edited>'
                f"{ctx.labels['edited']}</a>"
            )
        else:
            edited = f'<span class="forum-post__edited" data-edited>{ctx.labels["edited"]}</span>'
    moment = timezone.localtime(post.created_at)
    return (
        f'<header class="forum-post__header">{_member(post.author, ctx)}{badge}'
        f'<a class="forum-post__permalink" href="{path}">#{item.number}</a>'
        f'<time datetime="{moment.isoformat()}">{moment:%d-%m-%Y %H:%M}</time>{edited}</header>'
    )


def _body(item: PostView, ctx: _PageContext) -> str:
    post = item.post
    labels = ctx.labels
    if post.is_deleted:
        return f'<p class="forum-post__placeholder" data-deleted>{labels["deleted"]}</p>'
    if post.moderation_state == Post.HIDDEN and not item.allowed.read_text:
        return f'<p class="forum-post__placeholder" data-hidden>{labels["hidden"]}</p>'
    notice = ""
    if post.moderation_state == Post.HELD:
        notice = (
            f'<p class="forum-post__notice" data-held>{labels["held"]} '
            f"{_e(post.moderation_reason)}</p>"
        )
    elif post.moderation_state == Post.HIDDEN:
        reason = ""
        if post.moderation_reason:
            reason = f" {labels['reason']} {_e(post.moderation_reason)}"
        notice = (
            f'<p class="forum-post__notice" data-hidden-notice>{labels["hidden_own"]}{reason}</p>'
        )
    # post.html: the stored output of the one sanitiser, inserted as is.
    return f'{notice}<div class="forum-post__body" data-post-body>{post.html}</div>'


def _footer(item: PostView, ctx: _PageContext, path: str) -> str:
    """Only the controls forum.policies allows this member (item.allowed)."""
    post = item.post
    labels = ctx.labels
    allowed = item.allowed
    if post.is_deleted:
        return ""
    is_visible = post.moderation_state == Post.VISIBLE
    links = []
    author = post.author
    if ctx.can_reply and is_visible:
        links.append(
            f'<a href="{ctx.reply_url}?reply_to={post.pk}" data-reply="{post.pk}">'
            f"{labels['reply']}</a>"
        )
    if ctx.can_reply and allowed.quote:
        quoted_name = _e(author.username) if author else ""
        links.append(
            f'<a href="{ctx.reply_url}?quote={post.pk}" data-quote="{post.pk}"'
            f' data-quote-author="{quoted_name}">{labels["quote"]}</a>'
        )
    if allowed.edit:
        links.append(f'<a href="{path}edit/" data-edit>{labels["edit"]}</a>')
    if allowed.delete:
        links.append(f'<a href="{path}delete/" data-delete>{labels["delete"]}</a>')
    if allowed.report:
        links.append(f'<a href="{ctx.report_base}{post.pk}/" data-report>{labels["report"]}</a>')
    if is_visible and not item.is_own and author is not None:
        if item.is_blocked:
            links.append(
                f'<form method="post" action="{path}unblock/">{ctx.csrf_input}<button'
                f' type="submit" class="link-button" data-unblock>{labels["unblock"]}'
                "</button></form>"
            )
        else:
            block = _e(gettext("Block @%(name)s") % {"name": author.username})
            links.append(
                f'<form method="post" action="{path}block/">{ctx.csrf_input}<button'
                f' type="submit" class="link-button" data-block>{block}</button></form>'
            )
    reactions = _reactions(item, ctx, path) if is_visible else ""
    if not reactions and not links:
        return ""
    return (
        f'<footer class="forum-post__footer">{reactions}'
        f'<div class="forum-post__menu">{"".join(links)}</div></footer>'
    )


def _reactions(item: PostView, ctx: _PageContext, path: str) -> str:
    """Buttons for members who may react; the counts alone for the others."""
    if not item.allowed.react:
        counts = "".join(
            f'<span class="forum-reaction"><span aria-hidden="true">{symbol}</span>'
            f' <span>{label}</span> <span class="forum-reaction__count" data-count>'
            f"{item.reactions.get(kind, 0)}</span></span>"
            for kind, label, symbol in ctx.reactions
        )
        return f'<p class="forum-reactions" data-reaction-counts>{counts}</p>'
    buttons = []
    for kind, label, symbol in ctx.reactions:
        mine = kind in item.mine
        buttons.append(
            f'<button type="submit" name="kind" value="{kind}" class="forum-reaction'
            f'{" forum-reaction--mine" if mine else ""}"'
            f' aria-pressed="{"true" if mine else "false"}"'
            f' data-reaction="{kind}"><span aria-hidden="true">{symbol}</span> <span>{label}</span>'
            f' <span class="forum-reaction__count" data-count>{item.reactions.get(kind, 0)}</span>'
            "</button>"
        )
    return (
        f'<form class="forum-reactions" method="post" action="{path}react/" data-reactions>'
        f"{ctx.csrf_input}{''.join(buttons)}</form>"
    )
