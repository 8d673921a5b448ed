"""Every vector of the XSS corpus, through the one sanitiser, comes out harmless."""

import re

import pytest

from community.text import render_markdown, sanitize_html
from tests.community.html_checks import html_problems
from tests.community.xss_vectors import VECTORS

# A second, independent look at the raw output: every "<" the sanitiser emits starts a
# real tag (text has "&lt;"), so search only inside tags.
_TAG = re.compile(r"<[^>]*>?")
_QUOTED = re.compile(r'"[^"]*"')
_DANGER_OUTSIDE_VALUES = re.compile(
    r"^<\s*/?\s*(script|iframe|object|embed|style|svg|math|base|meta|link|form)\b"
    r"|[\s/\"']on[a-z]+\s*=",
    re.IGNORECASE,
)
_DANGER_URL = re.compile(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.IGNORECASE)


def _raw_danger(html: str) -> list[str]:
    return [
        tag
        for tag in _TAG.findall(html)
        if _DANGER_OUTSIDE_VALUES.search(_QUOTED.sub('""', tag)) or _DANGER_URL.search(tag)
    ]


def test_the_corpus_holds_at_least_200_distinct_vectors():
    assert len(VECTORS) >= 200
    assert len(set(VECTORS)) == len(VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{i:03d}" for i in range(len(VECTORS))])
def test_vector_as_markdown_renders_harmless(vector):
    mentions = {"roos": "/forum/u/roos/"}
    for source in (vector, f"> {vector}", f"tekst {vector} tekst", f"**{vector}**"):
        html = render_markdown(source, mentions=mentions)

        assert html_problems(html) == [], source
        assert _raw_danger(html) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[f"v{i:03d}" for i in range(len(VECTORS))])
def test_vector_as_raw_html_is_sanitised_harmless(vector):
    html = sanitize_html(vector)

    assert html_problems(html) == [], html
    assert _raw_danger(html) == []
    assert sanitize_html(html) == html


def test_the_danger_pattern_is_not_blind():
    assert _raw_danger('<a href="javascript:alert(1)">')
    assert _raw_danger("<img src=x onerror=alert(1)>")
    assert _raw_danger("< script>")
    assert _raw_danger("<p/onclick=x>")
    assert _raw_danger("&lt;img onerror=x&gt; onerror=x javascript: <p>") == []
