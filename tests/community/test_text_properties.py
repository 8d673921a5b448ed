"""Property tests (hypothesis) of the one sanitiser.

"Sanitising twice changes nothing" means: render_markdown(x) is a fixed point of the
allow-list step (sanitize_html(render_markdown(x)) == render_markdown(x)), and
sanitize_html is idempotent on any input (sanitize_html(sanitize_html(h)) ==
sanitize_html(h)).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.text import render_markdown, sanitize_html
from tests.community.html_checks import html_problems, url_scheme

# Pieces that sanitiser bugs are made of; hypothesis glues them together with noise.
FRAGMENTS = [
    "<",
    ">",
    "/",
    "=",
    '"',
    "'",
    "`",
    " ",
    "\n",
    "\t",
    "\x00",
    "&",
    ";",
    "#",
    ":",
    "<a",
    "<a href=",
    "</a>",
    "<img",
    "<img src=",
    "<script>",
    "</script>",
    "<svg",
    "<svg/onload=",
    "<math>",
    "<iframe",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<p>",
    "</p>",
    "<code>",
    "<pre>",
    "<table>",
    "<td",
    "<ol start=",
    "<details",
    "onerror=",
    "onclick=",
    "onload=",
    "ONmouseover=",
    " on",
    "style=",
    "srcdoc=",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&#x6A;avascript:",
    "vbscript:",
    "data:",
    "data:text/html,",
    "mailto:",
    "http:",
    "https://",
    "//evil.example/",
    "/media/",
    "/media/../",
    "alert(1)",
    "x",
    "&lt;",
    "&gt;",
    "&amp;",
    "&quot;",
    "&#0000106",
    "&colon;",
    "&NewLine;",
    "%3C",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[x]: ",
    "**",
    "_",
    "~~",
    "```",
    "    ",
    "> ",
    "- ",
    "1. ",
    "|",
    "|---|",
    "@roos",
    "www.example.nl",
    "\\",
    "\u2028",
    "\ufeff",
]
fragment_soup = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=40
).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(fragment_soup)
def test_rendered_markdown_never_holds_handlers_bad_tags_or_bad_schemes(source):
    html = render_markdown(source, mentions={"roos": "/forum/u/roos/"})

    assert html_problems(html) == []


@PROPERTY_SETTINGS
@given(fragment_soup)
def test_sanitized_html_never_holds_handlers_bad_tags_or_bad_schemes(raw_html):
    assert html_problems(sanitize_html(raw_html)) == []


@PROPERTY_SETTINGS
@given(fragment_soup)
def test_rendered_markdown_is_a_fixed_point_of_the_sanitiser(source):
    html = render_markdown(source)

    assert sanitize_html(html) == html


@PROPERTY_SETTINGS
@given(fragment_soup)
def test_sanitising_twice_changes_nothing(raw_html):
    once = sanitize_html(raw_html)

    assert sanitize_html(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_text_is_safe_and_stable(text):
    html = render_markdown(text)

    assert html_problems(html) == []
    assert sanitize_html(html) == html


def test_the_checker_itself_catches_what_it_must():
    # A property test that cannot fail is a defect: prove the checker sees problems.
    assert html_problems('<a href="java\tscript:x" rel="nofollow noopener noreferrer">')
    assert html_problems('<p onclick="x">')
    assert html_problems("<script>")
    assert html_problems('<img src="https://evil/x.png">')
    assert html_problems('<a href="https://a.nl">no rel</a>')
    assert url_scheme(" \x01JaVa\nScript:alert(1)") == "javascript"
    assert html_problems('<a href="/ok" rel="nofollow noopener noreferrer">x</a>') == []
