"""Quotes are references, not copies.

A post that quotes another stores only a token line in its Markdown source, as the
quote button writes it:

    [quote #123]

Saving renders the source with the one sanitiser (community.text.render_markdown) and
then turns each token paragraph into a placeholder element that carries nothing but
the quoted post's id:

    <blockquote class="forum-quote" data-quoted-post="123">
    <p><a href="/forum/p/123/">#123</a></p></blockquote>        (one line when stored)

The sanitiser never lets `class` on a blockquote or any `data-` attribute through, so
only this module writes that element; it is built from an int alone. (Not
`data-quote`: that marks the quote button, which forum.js listens to.) Where nobody
fills it (history, previews), it reads as a link to the quoted post.

At display time `quotes_fill` swaps each placeholder for the quoted post's CURRENT
text, as the reader may see it (forum.policies.can_read_post_text): an edit shows in
every quote, and a hidden, held, deleted, purged or blocked post shows as "This post is
not available". One level only: a quote inside the quoted post becomes a link ("Quote
of #45"), never its text. Search looks in the source, so it never finds one post's
text in another.
"""

import html
import re
from collections.abc import Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from community.accounts.selectors import blocked_member_ids
from community.models import User
from community.privacy.selectors import is_former_member
from community.text import render_markdown
from forum.models import Post
from forum.policies import can_read_post_text

# More quotes in one post than this are refused when saving (and beyond it nothing is
# looked up when showing): a page then asks for at most 50 x 20 ids at once.
MAX_QUOTES_PER_POST = 20

# A token alone on its line, in the source. Digits only, bounded.
_TOKEN_LINE = re.compile(r"\[quote #(\d{1,18})\]")
# The sanitiser's output for a token paragraph (the text cannot carry markup).
_TOKEN_PARAGRAPH = re.compile(r"<p>\[quote #(\d{1,18})\]</p>")
# The placeholder this module writes, and nothing else: class and data attribute are
# never in the sanitiser's output.
_PLACEHOLDER = re.compile(
    r'<blockquote class="forum-quote" data-quoted-post="(\d{1,18})">'
    r'<p><a href="[^"<>]{0,64}">#\d{1,18}</a></p></blockquote>'
)


# The head of a quote copied the old way: "> [@roos](/forum/p/12/):" (after the ">"s).
_LEGACY_HEAD = re.compile(r"\[@?[^\]\n]{0,200}\]\(/forum/p/(\d{1,18})/\)")


def quote_token(post_id: int) -> str:
    """What the quote button inserts (also the reply page's ?quote= without JavaScript)."""
    return f"[quote #{int(post_id)}]\n\n"


def _post_path(post_id: int) -> str:
    return reverse("forum:post", args=[int(post_id)])


def _placeholder(post_id: int) -> str:
    return (
        f'<blockquote class="forum-quote" data-quoted-post="{int(post_id)}">'
        f'<p><a href="{_post_path(post_id)}">#{int(post_id)}</a></p></blockquote>'
    )


def _isolate_tokens(source: str) -> str:
    """Give each token line (outside fenced code) blank lines around it, so Markdown
    reads it as a paragraph of its own even when the member typed right after it."""
    out: list[str] = []
    in_fence = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line == stripped and _TOKEN_LINE.fullmatch(stripped):
            out.extend(["", stripped, ""])
        else:
            out.append(line)
    return "\n".join(out)


def body_render(source: str) -> SafeString:
    """A post's stored HTML: the sanitiser's output, token paragraphs as placeholders."""
    cleaned = render_markdown(_isolate_tokens(source))
    # Only an exact token paragraph matches; the id is re-written from an int.
    return mark_safe(  # noqa: S308 - sanitised above; the placeholder holds only an int
        _TOKEN_PARAGRAPH.sub(lambda match: _placeholder(int(match.group(1))), cleaned)
    )


def quoted_ids(body_html: str) -> list[int]:
    """Ids of the posts quoted in stored HTML, in order, without repeats."""
    seen: list[int] = []
    for match in _PLACEHOLDER.finditer(body_html or ""):
        post_id = int(match.group(1))
        if post_id not in seen:
            seen.append(post_id)
    return seen


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _author_name(post: Post) -> str:
    if post.author is None or is_former_member(post.author):
        return _e(_("former member"))
    return "@" + _e(post.author.username)


def _nested_links(body_html: str) -> str:
    """A quote inside the quoted post: a link to it, never its text."""
    return _PLACEHOLDER.sub(
        lambda match: (
            f'<p class="forum-quote__nested"><a href="{_post_path(int(match.group(1)))}">'
            f"{_e(_('Quote of #%(id)s') % {'id': int(match.group(1))})}</a></p>"
        ),
        body_html,
    )


def _quote_html(post_id: int, quoted: Post | None) -> str:
    if quoted is None:
        return (
            '<blockquote class="forum-quote forum-quote--unavailable"'
            f' data-quoted-post="{post_id}">'
            f"<p>{_e(_('This post is not available.'))}</p></blockquote>"
        )
    return (
        f'<blockquote class="forum-quote" data-quoted-post="{post_id}">'
        f'<p class="forum-quote__source"><a href="{_post_path(post_id)}">'
        f"{_author_name(quoted)}</a>:</p>{_nested_links(quoted.body_html)}</blockquote>"
    )


def quotes_fill(*, posts: Iterable[Post], viewer: User) -> dict[int, SafeString]:
    """The HTML to show as each post's body for `viewer`: its stored HTML with every
    quote placeholder filled with the quoted post's current text, or with "This post is
    not available" when the viewer may not read it (hidden, held, deleted, purged, or
    by a member the viewer blocked).

    At most two queries for a whole page (the quoted posts and the viewer's blocks),
    none when no post on it quotes.
    """
    posts = list(posts)
    wanted: set[int] = set()
    for post in posts:
        wanted.update(quoted_ids(post.body_html)[:MAX_QUOTES_PER_POST])
    readable: dict[int, Post] = {}
    if wanted:
        blocked = blocked_member_ids(member=viewer)
        for quoted in Post.objects.filter(pk__in=wanted).select_related(
            "thread__category", "author"
        ):
            if quoted.author_id in blocked or not can_read_post_text(viewer, quoted):
                continue
            readable[quoted.pk] = quoted
    filled: dict[int, SafeString] = {}
    for post in posts:
        if post.pk in filled:
            continue
        if "forum-quote" not in post.body_html:
            filled[post.pk] = post.html
            continue
        body = _PLACEHOLDER.sub(
            lambda match: _quote_html(int(match.group(1)), readable.get(int(match.group(1)))),
            post.body_html,
        )
        # The stored HTML is the sanitiser's output; the quotes are the quoted posts'
        # stored HTML, and everything added here is escaped or built from ints.
        filled[post.pk] = mark_safe(body)  # noqa: S308
    return filled


# --- Copies made before quotes were references ------------------------------------------


def _quote_depth(line: str) -> tuple[int, str]:
    """How many ">" levels deep a Markdown line is, and the text after them."""
    depth = 0
    rest = line
    while True:
        stripped = rest.lstrip(" \t")
        if not stripped.startswith(">"):
            return depth, stripped
        depth += 1
        rest = stripped[1:]


def legacy_quotes_remove(source: str, *, post_id: int) -> str:
    """`source` without the quote blocks copied from post `post_id` the old way (a
    "> [@name](/forum/p/12/):" line and the ">" lines under it), at any depth."""
    out: list[str] = []
    skip_depth = 0
    for line in source.splitlines():
        depth, rest = _quote_depth(line)
        if skip_depth:
            if depth >= skip_depth:
                continue
            skip_depth = 0
        match = _LEGACY_HEAD.match(rest)
        if depth and match and int(match.group(1)) == post_id:
            skip_depth = depth
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def legacy_quotes_to_tokens(source: str, *, post_ids: set[int]) -> str:
    """`source` with each first-level quote block copied the old way from one of
    `post_ids` replaced by a reference token (the copy and any quotes nested in it go)."""
    out: list[str] = []
    skipping = False
    blank_needed = False
    for line in source.splitlines():
        depth, rest = _quote_depth(line)
        if skipping:
            if depth >= 1:
                continue
            skipping = False
        match = _LEGACY_HEAD.match(rest) if depth == 1 else None
        if match and int(match.group(1)) in post_ids:
            skipping = True
            if out and out[-1].strip():
                out.append("")
            out.append(f"[quote #{int(match.group(1))}]")
            blank_needed = True
            continue
        if blank_needed and line.strip():
            out.append("")
        blank_needed = False
        out.append(line)
    return "\n".join(out).strip("\n")
