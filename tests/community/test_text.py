"""The one sanitiser: what members see when their Markdown is rendered."""

import pytest
from django.utils.safestring import SafeString

from community.text import (
    ALLOWED_PROTOCOLS,
    LINK_REL,
    markdown_to_text,
    render_markdown,
    sanitize_html,
)


def test_markdown_is_rendered_and_marked_safe():
    html = render_markdown("Hallo **wereld**, _echt_ ~~niet~~")

    assert isinstance(html, SafeString)
    assert html == "<p>Hallo <strong>wereld</strong>, <em>echt</em> <s>niet</s></p>\n"


def test_raw_html_in_the_source_is_shown_as_text():
    html = render_markdown('<b onclick="x()">vet</b>')

    assert "<b" not in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;vet&lt;/b&gt;" in html


def test_links_get_rel_nofollow_noopener_noreferrer():
    html = render_markdown("[GGD](https://www.ggd.nl/)")

    assert html == (f'<p><a href="https://www.ggd.nl/" rel="{LINK_REL}">GGD</a></p>\n')


def test_bare_urls_are_linkified_but_not_inside_code():
    html = render_markdown("Zie www.example.nl en `www.code.nl`")

    assert f'<a href="http://www.example.nl" rel="{LINK_REL}">www.example.nl</a>' in html
    assert "<code>www.code.nl</code>" in html


def test_email_addresses_are_not_turned_into_links():
    assert "<a" not in render_markdown("mail roos@example.nl")


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_dangerous_link_schemes_never_become_links(source):
    assert "href" not in render_markdown(source)


def test_only_http_https_and_mailto_are_allowed_protocols():
    assert frozenset({"http", "https", "mailto"}) == ALLOWED_PROTOCOLS
    assert 'href="mailto:x@example.nl"' in render_markdown("[mail](mailto:x@example.nl)")
    assert "href" not in render_markdown("[ftp](ftp://example.nl/)")


def test_relative_links_stay_so_quotes_link_to_the_quoted_post():
    html = render_markdown("> [@roos](/forum/p/12/):\n> hallo")

    assert f'<a href="/forum/p/12/" rel="{LINK_REL}">@roos</a>' in html
    assert "<blockquote>" in html


def test_remote_images_render_as_their_description_only():
    html = render_markdown("![een kat](https://tracker.example/pixel.png)")

    assert "<img" not in html
    assert "tracker.example" not in html
    assert "een kat" in html


@pytest.mark.parametrize(
    "src",
    [
        "//evil.example/media/x.png",
        "/media/../secret.png",
        "/mediax/a.png",
        "/media/",
        "/static/a.png",
        "http:/media/a.png",
    ],
)
def test_images_outside_kring_media_are_dropped(src):
    assert "<img" not in render_markdown(f"![x]({src})")


def test_images_from_kring_media_are_kept():
    html = render_markdown("![foto](/media/uploads/a.jpg)")

    assert '<img src="/media/uploads/a.jpg" alt="foto">' in html


def test_sanitize_html_drops_foreign_image_sources_and_event_handlers():
    html = sanitize_html('<img src="https://evil/x.png" onerror="alert(1)" alt="a">')

    assert html == '<img alt="a">'


def test_headings_shift_below_the_pages_own_headings():
    html = render_markdown("# Een\n\n## Twee\n\n###### Zes")

    assert "<h3>Een</h3>" in html
    assert "<h4>Twee</h4>" in html
    assert "<h6>Zes</h6>" in html
    assert "<h1" not in html


def test_code_blocks_keep_a_language_class_but_nothing_else():
    html = render_markdown('```python onclick="x"\nprint("<hi>")\n```')

    assert '<code class="language-python">' in html
    assert "&lt;hi&gt;" in html
    assert "onclick" not in html


def test_tables_render_without_inline_styles():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")

    assert "<table>" in html
    assert "style" not in html


def test_mentions_link_known_pseudonyms_case_insensitively():
    html = render_markdown(
        "Hoi @Roos en @onbekend, mail a@roos.nl", mentions={"roos": "/forum/u/roos/"}
    )

    assert f'<a href="/forum/u/roos/" class="mention" rel="{LINK_REL}">@Roos</a>' in html
    assert "@onbekend" in html
    assert html.count("<a ") == 1


def test_mentions_are_not_linked_inside_code_or_existing_links():
    html = render_markdown("`@roos` [@roos](/forum/p/1/)", mentions={"roos": "/forum/u/roos/"})

    assert "/forum/u/roos/" not in html


def test_mentions_refuse_urls_outside_kring():
    html = render_markdown("@roos", mentions={"roos": "https://evil.example/"})

    assert "<a" not in html


def test_mention_followed_by_punctuation():
    html = render_markdown("Dank je @roos.", mentions={"roos": "/u/roos/"})

    assert ">@roos</a>.</p>" in html


def test_empty_source_renders_empty():
    assert render_markdown("") == ""


def test_markdown_to_text_gives_plain_text_for_previews():
    text = markdown_to_text("# Kop\n\n**vet** & <script>x</script> [link](https://a.nl)")

    assert text == "Kop vet & <script>x</script> link"
    assert markdown_to_text("a " * 100, max_length=10) == "a a a a a…"


def test_linkified_text_with_a_foreign_scheme_in_front_stays_plain_text():
    # Found by the property test: the linkifier runs after bleach's protocol check.
    assert "<a" not in sanitize_html("data:www.example.nl")
    assert 'href="data:' not in str(render_markdown("data:www.example.nl"))


def test_sanitising_twice_keeps_text_with_control_characters_unchanged():
    # Found by the property test: a form feed next to a comment survived the first pass.
    once = sanitize_html("0\x0c<!--><")

    assert sanitize_html(once) == once
    assert "\x0c" not in once


def test_a_link_address_with_raw_quotes_or_brackets_is_dropped_and_stays_dropped():
    """Found by the idempotence property: '<a href=0"<p>' grew an '&amp;' on each pass."""
    once = sanitize_html('<a href=0"<p>')

    assert "href" not in once
    assert sanitize_html(once) == once
