"""The one sanitiser: every piece of member-written text is rendered here.

    render_markdown(source, *, mentions=None) -> SafeString   Markdown -> safe HTML
    sanitize_html(html) -> str                                 the allow-list step alone
    markdown_to_text(source, *, max_length=None) -> str        plain text (previews)

Pipeline: markdown-it-py (CommonMark + tables + strikethrough, `html=False` so raw HTML
in the source is shown as text, never parsed) renders HTML; then bleach cleans it with
the explicit allow-lists below and linkifies bare URLs. Every link, old or new, gets
`rel="nofollow noopener noreferrer"`.

Decisions, and why:

* Protocols: http, https and mailto only. Relative links ("/forum/p/12/") stay, so
  quotes can link to the quoted post.
* Images: only from Kring's own media (`settings.MEDIA_URL`, a local path such as
  "/media/…"). Any other image (`![x](https://…)`) renders as its alt text: a remote
  image would make every reader's browser call another host, which leaks who reads.
* Headings shift two levels (# -> <h3>): the page's own <h1>/<h2> stay the outline.
* No inline styles (the CSP forbids them), so table column alignment is dropped.
* Bare URLs are linkified by bleach (not inside code); e-mail addresses are not.
* Mentions: the forum resolves who may be mentioned; pass `mentions={"roos": "/…"}`
  (pseudonym -> local URL, matched case-insensitively) and each "@roos" outside code
  and links becomes `<a class="mention" href="/…">@roos</a>`. Unknown names stay text.

Templates never mark user text safe any other way. Titles are not Markdown: templates
escape them as ordinary text.
"""

import re
from collections.abc import Mapping
from functools import partial
from html import unescape
from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim
from bleach.linkifier import TLDS, LinkifyFilter
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "hr",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
MENTION_CLASS = "mention"
HEADING_SHIFT = 2

_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#-]{1,40}$")
# Same shape as forum/text.py's mention: "@name" at a word start, not inside "a@b.nl".
_MENTION = re.compile(r"(?<![\w@/])@([\w.+-]{2,150})", re.UNICODE)


def _is_local_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _is_own_media(src: str) -> bool:
    """An image URL Kring serves itself: under MEDIA_URL, a local path, no tricks."""
    media_url = settings.MEDIA_URL or ""
    if not _is_local_path(media_url) or not src.startswith(media_url):
        return False
    rest = src[len(media_url) :]
    return (
        bool(rest)
        and ".." not in rest
        and "//" not in rest
        and ":" not in rest
        and (_is_local_path(src) and not any(ch.isspace() for ch in src))
    )


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a":
        if name == "href":
            # A real address has these percent-encoded. Raw, bleach's entity handling
            # does not round-trip them ('<a href=0"<p>' grew an "&amp;" per pass).
            return not any(ch in value for ch in "<>\"'")
        if name in {"title", "rel"}:
            return True
        return name == "class" and value == MENTION_CLASS
    if tag == "img":
        if name in {"alt", "title"}:
            return True
        return name == "src" and _is_own_media(value)
    if tag == "code":
        return name == "class" and bool(_CODE_CLASS.match(value))
    if tag == "ol":
        return name == "start" and value.isdigit() and len(value) <= 9
    return False


# bleach calls this for every attribute of an allowed tag; protocols are checked
# separately (href/src values) against ALLOWED_PROTOCOLS.
ALLOWED_ATTRIBUTES = _allowed_attribute


def _set_rel(attrs: dict, new: bool = False) -> dict | None:
    """Linkifier callback, run for every link (existing and new)."""
    href_key = (None, "href")
    if href_key not in attrs:
        # An <a> without a (safe) href is plain text; keep it harmless.
        attrs.pop((None, "rel"), None)
        return attrs
    if not _href_is_allowed(attrs[href_key]):
        # The linkifier runs after bleach's protocol check: text such as
        # "data:www.example.nl" would otherwise become a data: link. None drops the link
        # and keeps its text.
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def _href_is_allowed(href: str) -> bool:
    scheme = urlsplit(href.strip()).scheme.lower()
    return not scheme or scheme in ALLOWED_PROTOCOLS


# bleach's URL pattern (linkifier.build_url_re) with its quadratic spots closed. It began
# with "\(*\b": in a run of 20,000 "(" every position read the rest of the run and gave
# it back (40 s). Now the parentheses are read once, from the first, and a link starts
# at a word character, never inside a hyphenated word or domain ("a-a-a-…",
# "www.-www.-…": each start read to the end), except just after a leading hyphen.
# Domain labels end at a "." they cannot contain, so they are read possessively.
_PROTOCOLS_RE = "|".join(sorted(html5lib_shim.allowed_protocols))
_TLDS_RE = "|".join(sorted(TLDS))
_URL = re.compile(
    r"(?<!\()\(*+"  # opening parentheses, all of them
    rf"\b(?=\w)(?<![@.])(?<![\w.-]-)(?:(?:{_PROTOCOLS_RE}):/{{0,3}}(?:(?:\w+:)?\w+@)?)?"
    rf"([\w-]++\.)+(?:{_TLDS_RE})(?:\:[0-9]+)?(?!\.\w)\b"  # xx.yy.tld(:##)?
    r"(?:[/?][^\s\{\}\|\\\^`<>\"]*)?",  # /path/zz
    re.IGNORECASE | re.UNICODE,
)
_EtreeWalker = html5lib_shim.getTreeWalker("etree")


class _LinearTreeWalker(_EtreeWalker):
    """html5lib's etree walker, without its quadratic step.

    Climbing back up from an element, the stock walker finds the parent's place among
    its siblings with list.count() and list.index(): linear in the number of siblings,
    so a table of 4,000 rows took over a second to clean. This walker looks each
    parent's children up once and remembers their positions.
    """

    def __init__(self, tree) -> None:
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):
        if not isinstance(node, tuple) or node[3] == "text":
            return super().getParentNode(node)
        _element, _key, parents, _flag = node
        parent = parents.pop()
        if not parents:
            return parent
        grandparent = parents[-1]
        positions = self._positions.get(id(grandparent))
        if positions is None:
            positions = {id(child): index for index, child in enumerate(grandparent)}
            self._positions[id(grandparent)] = positions
        return parent, positions[id(parent)], parents, None


class _Cleaner(bleach.Cleaner):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.walker = _LinearTreeWalker


_cleaner = _Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}, url_re=_URL)],
)


def sanitize_html(html: str) -> str:
    """Clean HTML with the allow-lists and give every link its `rel`.

    Idempotent: sanitize_html(sanitize_html(h)) == sanitize_html(h) (tested with
    hypothesis). Use render_markdown for member text; this is the second half of it.
    """
    # bleach turns invisible control characters into "?" in text, but not where the
    # tokenizer reads them as whitespace next to markup, so a second pass would change
    # the output (found by the property test: "0\x0c<!--><"). Remove them up front.
    return _cleaner.clean(INVISIBLE_CHARACTERS_RE.sub("", html))


# --- Markdown ------------------------------------------------------------------------


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def _link_mentions(state) -> None:
    mentions: Mapping[str, str] | None = state.env.get("kring_mentions")
    if not mentions:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        new_children: list[Token] = []
        link_depth = 0
        for child in block.children:
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            if child.type != "text" or link_depth or "@" not in child.content:
                new_children.append(child)
                continue
            new_children.extend(_split_mentions(child.content, mentions))
        block.children = new_children


def _split_mentions(text: str, mentions: Mapping[str, str]) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".+-")
        url = mentions.get(name.lower())
        if not url:
            continue
        start, end = match.start(), match.start() + 1 + len(name)
        if start > position:
            tokens.append(_text_token(text[position:start]))
        link_open = Token("link_open", "a", 1)
        link_open.attrs = {"href": url, "class": MENTION_CLASS}
        tokens.extend([link_open, _text_token("@" + name), Token("link_close", "a", -1)])
        position = end
    if position < len(text):
        tokens.append(_text_token(text[position:]))
    return tokens


def _text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if _is_own_media(str(src)):
        token.attrs["alt"] = self.renderInlineAsText(token.children or [], options, env)
        return f'<img src="{escape(src)}" alt="{escape(token.attrs["alt"])}">'
    # Not ours: show the description, never fetch the image.
    return escape(self.renderInlineAsText(token.children or [], options, env))


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("kring_headings", _shift_headings)
    md.core.ruler.push("kring_mentions", _link_mentions)
    md.add_render_rule("image", _render_image)
    return md


_markdown = _build_markdown()


def render_markdown(source: str, *, mentions: Mapping[str, str] | None = None) -> SafeString:
    """Render member-written Markdown to safe HTML.

    `mentions` maps pseudonyms (any case) to local URLs; see the module docstring.
    URLs that are not local paths are ignored.
    """
    env: dict = {}
    if mentions:
        env["kring_mentions"] = {
            name.lower(): url for name, url in mentions.items() if _is_local_path(url)
        }
    html = _markdown.render(source or "", env)
    return mark_safe(sanitize_html(html))  # noqa: S308 - the allow-list step just ran


def markdown_to_text(source: str, *, max_length: int | None = None) -> str:
    """Plain text of member Markdown (for previews). Not marked safe: templates escape it."""
    html = sanitize_html(_markdown.render(source or ""))
    text = " ".join(unescape(bleach.clean(html, tags=set(), strip=True)).split())
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1] + "…"
    return text
