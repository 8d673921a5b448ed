"""Browser tests for the public information pages: accessibility, weight, no-JS use."""

import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "nl": [
        "/nl/",
        "/nl/geweld-of-bedreiging-melden/",
        "/nl/ggd-spreekuur/",
        "/nl/wie-helpt-waarmee/",
    ],
    "en": [
        "/en/",
        "/en/reporting-violence-or-threats/",
        "/en/ggd-consultation-hour/",
        "/en/who-helps-with-what/",
    ],
}
# Also checked, beyond the four page types the issue names.
EXTRA_PAGES = ["/nl/tozo/", "/en/search/?q=tozo", "/en/alleen-in-het-nederlands/"]
BUDGET_BYTES = 60 * 1024


@pytest.fixture
def demo_site(transactional_db):
    from community.info import demo

    demo.seed(stdout=io.StringIO())


def test_information_pages_have_no_wcag_21_a_or_aa_violations(browser, live_server_url, demo_site):
    assert AXE.exists(), "axe-core is missing: run `make install-test` (npm install)"
    from community.info.models import HomePage
    from tests.info.factories import information_page_create

    dutch_home = HomePage.objects.get(locale__language_code="nl")
    information_page_create(dutch_home, slug="alleen-in-het-nederlands")  # no translation
    # CSP forbids inline scripts; only this test's context bypasses it to inject axe.
    context = browser.new_context(base_url=live_server_url, bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        for url in [*PAGES["nl"], *PAGES["en"], *EXTRA_PAGES]:
            response = page.goto(url)
            assert response.status == 200, url
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
            )
            violations = [
                f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]
            ]
            if violations:
                found[url] = violations
    finally:
        context.close()

    assert found == {}


def test_information_page_first_visit_transfers_under_60_kb(page, demo_site):
    sizes = []
    page.on("requestfinished", lambda request: sizes.append((request.url, request.sizes())))

    page.goto("/nl/geweld-of-bedreiging-melden/")
    page.wait_for_load_state("networkidle")

    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for _, s in sizes)
    assert len(sizes) >= 3  # the page, its stylesheets and script were all counted
    assert total < BUDGET_BYTES, sizes


@pytest.mark.services
def test_directory_filter_and_search_work_without_javascript(browser, live_server_url, demo_site):
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/en/who-helps-with-what/")
        page.select_option("#filter-topic", "exit")
        page.click(".filters button[type=submit]")
        names = page.locator(".organisation .card__title").all_inner_texts()
        assert "Scharlaken Koord" in names
        assert not any("GGD" in name for name in names)

        page.fill("#site-search", "consultation")
        page.press("#site-search", "Enter")
        assert page.url.endswith("/en/search/?q=consultation")
        assert page.locator(".search-results a", has_text="GGD consultation hour").count() == 1
    finally:
        context.close()


def test_consultation_hours_print_without_navigation_or_search(page, demo_site):
    page.goto("/nl/ggd-spreekuur/")
    page.emulate_media(media="print")

    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".search-form").first.is_visible()
    assert page.locator(".dates").first.is_visible()
