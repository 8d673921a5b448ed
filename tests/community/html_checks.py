"""Inspect sanitised HTML the way a browser would read it: every tag and attribute."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from community.text import ALLOWED_PROTOCOLS, ALLOWED_TAGS

FORBIDDEN_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "style",
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "svg",
        "math",
        "applet",
        "template",
        "textarea",
        "select",
        "option",
        "video",
        "audio",
        "source",
        "xml",
        "image",
        "isindex",
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"}
)
# Browsers drop ASCII tab/newline anywhere in a URL and leading C0 controls and spaces.
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(value: str) -> str | None:
    cleaned = _URL_NOISE.sub("", value).lstrip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


@dataclass
class Problem:
    kind: str
    detail: str


@dataclass
class _Inspector(HTMLParser):
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(Problem("forbidden tag", tag))
        if tag not in ALLOWED_TAGS:
            self.problems.append(Problem("tag not allowed", tag))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(Problem("event handler", f"{tag} {name}"))
            if name in {"style", "srcdoc", "formaction", "xmlns", "srcset"}:
                self.problems.append(Problem("dangerous attribute", f"{tag} {name}"))
            if name in URL_ATTRIBUTES and value is not None:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in ALLOWED_PROTOCOLS:
                    self.problems.append(Problem("url scheme", f"{tag} {name}={value!r}"))
                if tag == "img" and name == "src" and (scheme or value.startswith("//")):
                    self.problems.append(Problem("remote image", value))
            if tag == "a" and name == "href":
                rel = dict(attrs).get("rel") or ""
                if set(rel.split()) != {"nofollow", "noopener", "noreferrer"}:
                    self.problems.append(Problem("link without rel", str(attrs)))


def html_problems(html: str) -> list[Problem]:
    """Everything in `html` that the sanitiser must never let through."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems
