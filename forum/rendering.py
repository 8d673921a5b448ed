"""The posts of a thread page, rendered by one Jinja2 fragment (forum/jinja2/forum/
_posts.html) with autoescaping.

Why Jinja2 and not a Django template: a page has 50 posts of some 70 template nodes
each; Django's engine took 12.5 ms for them, Jinja2 3.5 ms (issue 8). The f-strings
that were here before were faster still, but every value's escaping depended on
remembering to call a function; in the fragment nothing is trusted unless it is
Markup, and the only Markup about a post is `post_body` below.
"""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template import engines
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from markupsafe import Markup

from forum.models import Post, Reaction
from forum.quotes import quoted_ids, quotes_fill
from forum.selectors import PostRow, ThreadPage


class IdUrl:
    """A URL pattern reversed once, the id formatted in for each post: reverse() for 50
    posts and eight kinds of link cost more than the fragment. Kept between requests
    (`_id_url`) for as long as what reverse() depends on stays the same."""

    # An id no row has: reverse() puts it where the id goes, and it is swapped for the
    # real one. Only whole path segments are digits in Kring's URLs, so it is found once.
    _MARK = "2147483647"

    def __init__(self, name: str, *args: Any) -> None:
        path = reverse(name, args=[*args, int(self._MARK)])
        if path.count(self._MARK) != 1:
            raise ImproperlyConfigured(f"{name}: the id is not one segment of {path}")
        self._head, _, self._tail = path.partition(self._MARK)

    def __call__(self, pk: int) -> str:
        return f"{self._head}{pk}{self._tail}"


@lru_cache(maxsize=64)
def _id_url(name: str, args: tuple[Any, ...], _prefix: str, _urlconf: Any, _lang: str) -> IdUrl:
    return IdUrl(name, *args)


def id_url(name: str, *args: Any) -> IdUrl:
    """IdUrl(name, *args), reused while the script prefix, the URLconf and the language
    (which i18n_patterns put in some paths) are the ones it was reversed with."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _id_url(name, args, get_script_prefix(), urlconf, get_language())


def post_body(post: PostRow, quotes: dict[int, SafeString]) -> Markup:
    """The one place where a post's body HTML enters a page. `body_html` is written
    only by the one sanitiser (community.text.render_markdown, through
    forum.quotes.body_render) when the post is saved; the database hands it back as a
    plain string, and this marks that stored output safe again. A post that quotes
    comes from forum.quotes.quotes_fill instead: the same stored output, its quote
    placeholders filled with the quoted posts' current stored output for this reader.
    Nothing else about a post is ever Markup."""
    return Markup(quotes.get(post.id, post.body_html))  # noqa: S704 - see above


@dataclass(frozen=True)
class _Urls:
    post: IdUrl
    history: IdUrl
    edit: IdUrl
    delete: IdUrl
    report: IdUrl
    reply: str


def _moment(when: datetime, *, zone: tzinfo) -> tuple[str, str]:
    """A post's time for <time datetime=…> and for reading (dd-mm-yyyy hh:mm), in the
    reader's zone (looked up once per page: timezone.localtime() asks the request's
    context-local state). The reading form is cut from the ISO one, which is fixed
    width: strftime() per post cost as much as the rest of the post's header."""
    iso = when.astimezone(zone).isoformat(timespec="minutes")  # 2026-12-02T15:04+01:00
    return iso, f"{iso[8:10]}-{iso[5:7]}-{iso[:4]} {iso[11:16]}"


def render_posts(*, view: ThreadPage, request: HttpRequest) -> Markup:
    posts = [item.post for item in view.posts]
    # Quotes are references, filled with the quoted posts' current text as this reader
    # may see it: at most two queries for the page, none when no post on it quotes.
    quoting = [post for post in posts if quoted_ids(post.body_html)]
    quotes = quotes_fill(posts=quoting, viewer=request.user) if quoting else {}
    urls = _Urls(
        post=id_url("forum:post"),
        history=id_url("forum:post_history"),
        edit=id_url("forum:post_edit"),
        delete=id_url("forum:post_delete"),
        report=id_url("moderation:report", ContentType.objects.get_for_model(Post).pk),
        reply=reverse("forum:reply", args=[view.thread.pk]),
    )
    html = (
        engines["jinja2"]
        .get_template("forum/_posts.html")
        .render(
            {
                "posts": view.posts,
                "first_new_post_id": view.first_new_post_id,
                "reactions": [(kind.value, str(kind.label)) for kind in Reaction.Kind],
                "urls": urls,
                "post_body": partial(post_body, quotes=quotes),
                # Translated once, formatted per post: a plain str, so the whole label,
                # pseudonym included, is escaped where the fragment puts it.
                "block_label": gettext("Block @%(name)s"),
                "moment": partial(_moment, zone=timezone.get_current_timezone()),
            },
            request=request,
        )
    )
    # The output of an autoescaping template: everything in it was escaped there.
    return Markup(html)  # noqa: S704
