"""Checks shared by new posts and edits: length, title, who may post where, quotes,
mentions, link limits, watched words and the personal-information guard."""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.accounts.selectors import is_blocked_by
from community.models import User
from community.moderation import selectors as moderation_selectors
from community.moderation import services as moderation_services
from community.policies import is_moderator, member_may_post
from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Category, Post, Thread
from forum.policies import (
    can_quote,
    can_read_category,
    can_reply,
    can_start_thread,
    can_use_thread_tools,
)
from forum.quotes import MAX_QUOTES_PER_POST, body_render, quoted_ids
from forum.text import mentioned_names

# Links a member adds: web addresses, and Markdown links to other places (a quote's
# link to the quoted post does not count).
_LINK = re.compile(r"https?://|www\.|\]\((?!https?://|www\.|/forum/p/\d+/\))", re.IGNORECASE)


class PersonalInformationWarning(Exception):
    """The text seems to contain personal information; the author decides."""

    def __init__(self, findings: list[Any]) -> None:
        super().__init__("personal information found")
        self.findings = findings


@dataclass(frozen=True)
class Checked:
    body: str
    body_html: str
    quoted: list[Post]
    mentioned: list[User]
    hold_reasons: list[str]
    personal_information: bool


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before you post."), code="empty")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _(
                "Your text is %(length)s characters; the limit is %(limit)s. Nothing is lost:"
                " shorten it or split it over two posts."
            )
            % {"length": len(body), "limit": BODY_MAX_LENGTH},
            code="too_long",
        )
    return body


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give your thread a title."), code="empty_title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            _("The title is %(length)s characters; the limit is %(limit)s.")
            % {"length": len(title), "limit": TITLE_MAX_LENGTH},
            code="title_too_long",
        )
    return title


def check_can_post(*, actor: User, category: Category) -> None:
    if not can_start_thread(actor, category):
        if not member_may_post(actor):
            raise PermissionDenied(_("You cannot post right now."))
        raise PermissionDenied(_("Only moderators and support workers post here."))


def check_thread_open(*, actor: User, thread: Thread) -> None:
    """May reply in this thread now: open (or the actor moderates) and not in slow mode."""
    if not can_reply(actor, thread):
        if thread.is_closed:
            raise ValidationError(_("This thread is closed: no new replies."), code="closed")
        raise PermissionDenied(_("You cannot post right now."))
    # Those who set slow mode are not held to it.
    if can_use_thread_tools(actor, thread):
        return
    if thread.slow_mode_minutes:
        since = timezone.now() - timedelta(minutes=thread.slow_mode_minutes)
        if Post.objects.filter(thread=thread, author=actor, created_at__gt=since).exists():
            raise ValidationError(
                ngettext(
                    "Slow mode is on: one post per member every %(minutes)s minute.",
                    "Slow mode is on: one post per member every %(minutes)s minutes.",
                    thread.slow_mode_minutes,
                )
                % {"minutes": thread.slow_mode_minutes},
                code="slow_mode",
            )


def _quotes_check(*, actor: User, body_html: str, own_post: Post | None) -> list[Post]:
    """The posts quoted (as references) may be quoted by this member now."""
    ids = [pk for pk in quoted_ids(body_html) if own_post is None or pk != own_post.pk]
    if len(ids) > MAX_QUOTES_PER_POST:
        raise ValidationError(
            _("A post can quote at most %(limit)s posts.") % {"limit": MAX_QUOTES_PER_POST},
            code="too_many_quotes",
        )
    found = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids).select_related("thread__category", "author")
    }
    for pk in ids:
        post = found.get(pk)
        # One neutral message for every post that cannot be quoted, so that a member
        # who was blocked cannot tell that from a hidden, deleted or purged post.
        if (
            post is None
            or not can_quote(actor, post)
            or (post.author is not None and is_blocked_by(member=actor, other=post.author))
        ):
            raise ValidationError(
                _("Post #%(id)s can no longer be quoted. Remove that quote to post.") % {"id": pk},
                code="quote_refused",
            )
    return [found[pk] for pk in ids]


def check_text(
    *, actor: User, category: Category, body: str, post_anyway: bool, own_post: Post | None = None
) -> Checked:
    """Quotes, mentions, personal information and the holds that follow from them."""
    body = clean_body(body)
    names = mentioned_names(body)
    mentioned = []
    if names:
        query = Q()
        for name in names:
            query |= Q(username__iexact=name)
        candidates = User.objects.filter(query, status=User.Status.APPROVED, is_active=True)
        # A mention of someone who blocked the author simply is not one: no link to
        # them, no notification, and the author is not told.
        mentioned = [
            member
            for member in candidates
            if member.pk != actor.pk
            and can_read_category(member, category)
            and not is_blocked_by(member=actor, other=member)
        ]
    problems = moderation_selectors.content_limits_for(actor).errors(
        links=len(_LINK.findall(body)), images=body.count("!["), mentions=len(names)
    )
    if problems:
        raise ValidationError(problems, code="limits")
    # Watched words (block, hold, censor) and the personal-information guard.
    check = moderation_services.text_check(author=actor, text=body)
    if check.blocked:
        raise ValidationError(check.message, code="watched_word")
    body = check.text
    body_html = body_render(body)
    quoted = _quotes_check(actor=actor, body_html=body_html, own_post=own_post)
    findings = check.personal_information
    if findings and not post_anyway:
        raise PersonalInformationWarning(findings)
    hold_reasons = list(check.hold_reasons)
    if category.posts_need_approval and not is_moderator(actor):
        hold_reasons.append(_("Posts in this category are checked by a moderator first."))
    return Checked(
        body=body,
        body_html=body_html,
        quoted=quoted,
        mentioned=mentioned,
        hold_reasons=hold_reasons,
        personal_information=bool(findings),
    )
