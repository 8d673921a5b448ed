import datetime as dt
import re

import pytest
from django.utils import timezone

from community import recurrence
from community.info.models import ConsultationHoursException
from tests.info.factories import (
    OrganisationFactory,
    consultation_page_create,
    information_page_create,
)


def next_first_tuesdays(count: int) -> list[dt.date]:
    rule = recurrence.Rule(
        frequency="monthly",
        ordinal=1,
        weekday=1,
        start_time=dt.time(13),
        end_time=dt.time(15),
        valid_from=dt.date(2021, 6, 1),
    )
    schedule = recurrence.schedule(rule, [], now=timezone.now(), count=count)
    return [item.start.date() for item in schedule.occurrences]


def test_home_page_lists_a_consultation_hour_with_its_next_three_dates(client, homes):
    consultation_page_create(homes["nl"], title="GGD-spreekuur voor sekswerkers")

    html = client.get("/nl/").content.decode()

    assert "GGD-spreekuur voor sekswerkers" in html
    section = html.split('id="consultation-heading"')[1].split("</section>")[0]
    shown = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)T13:00', section)
    assert shown == [day.isoformat() for day in next_first_tuesdays(3)]


def test_consultation_page_shows_rule_place_and_conditions(client, homes):
    page = consultation_page_create(
        homes["nl"], anonymous=True, is_free=True, access="walk_in", address="Voorbeeldstraat 9"
    )

    html = client.get(page.url).content.decode()

    assert "Voorbeeldstraat 9" in html
    assert page.rule_text.split(",")[0] in html
    assert len(re.findall(r"<time datetime=", html)) == 6


def test_consultation_page_shows_cancellations_to_readers(client, homes):
    first = next_first_tuesdays(1)[0]
    page = consultation_page_create(
        homes["nl"],
        exceptions=[
            ConsultationHoursException(kind="cancelled", date=first, note="Team op cursus")
        ],
    )

    html = client.get(page.url).content.decode()

    assert "dates__item--cancelled" in html
    assert "Team op cursus" in html


def test_rule_without_upcoming_dates_shows_no_dates_planned(client, homes):
    page = consultation_page_create(
        homes["nl"], valid_from=dt.date(2021, 6, 1), valid_until=dt.date(2021, 12, 31)
    )

    html = client.get(page.url).content.decode()

    assert "dates--none" in html
    assert not re.findall(r"<time datetime=", html)


def test_information_page_shows_reading_time_and_last_review_date(client, homes):
    words = " ".join(["woord"] * 450)
    page = information_page_create(
        homes["nl"],
        last_reviewed=dt.date(2026, 3, 14),
        body=[
            {"type": "paragraph", "value": f"<p>{words}</p>"},
            {
                "type": "faq",
                "value": {
                    "title": "",
                    "questions": [{"question": "Kost het iets?", "answer": "<p>Nee.</p>"}],
                },
            },
        ],
    )

    html = client.get(page.url).content.decode()

    assert "14 maart 2026" in html
    assert page.reading_minutes == 2
    assert "<details" in html
    assert "<summary>Kost het iets?</summary>" in html


def test_pages_carry_hreflang_alternates_for_each_live_translation(client, homes):
    page = information_page_create(homes["nl"], slug="hulp")
    english = page.copy_for_translation(homes["en"].locale)
    english.title, english.slug = "Help", "help"
    english.save_revision().publish()

    html = client.get("/nl/hulp/").content.decode()

    assert '<link rel="alternate" hreflang="nl" href="http://testserver/nl/hulp/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/help/">' in html
    assert 'hreflang="x-default" href="http://testserver/nl/hulp/"' in html


def test_english_address_of_a_translated_page_redirects_to_its_english_slug(client, homes):
    page = information_page_create(homes["nl"], slug="geweld-melden")
    english = page.copy_for_translation(homes["en"].locale)
    english.slug = "reporting-violence"
    english.save_revision().publish()

    response = client.get("/en/geweld-melden/")

    assert response.status_code == 302
    assert response["Location"] == "/en/reporting-violence/"


def test_untranslated_page_offers_the_dutch_version_instead_of_a_404(client, homes):
    information_page_create(homes["nl"], slug="alleen-nederlands", title="Alleen in het Nederlands")

    response = client.get("/en/alleen-nederlands/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/nl/alleen-nederlands/"' in html
    assert "Alleen in het Nederlands" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_unknown_address_is_still_a_404(client, homes):
    assert client.get("/en/does-not-exist/").status_code == 404


@pytest.mark.services
def test_organisation_directory_filters_by_topic_and_language(client, homes):
    from community.info.models import OrganisationDirectoryPage

    directory = OrganisationDirectoryPage(title="Wie helpt waarmee", slug="wie-helpt")
    homes["nl"].add_child(instance=directory)
    directory.save_revision().publish()
    OrganisationFactory(name="Gezondheid Roemeens", topics=["health"], languages=["nl", "ro"])
    OrganisationFactory(name="Geld Nederlands", topics=["money"], languages=["nl"])
    OrganisationFactory(name="English only org", topics=["health"], locale=homes["en"].locale)

    everything = client.get("/nl/wie-helpt/").content.decode()
    health = client.get("/nl/wie-helpt/?topic=health").content.decode()
    romanian = client.get("/nl/wie-helpt/?language=ro").content.decode()
    nonsense = client.get("/nl/wie-helpt/?topic=%3Cscript%3E&language=xx").content.decode()

    assert "Gezondheid Roemeens" in everything
    assert "Geld Nederlands" in everything
    assert "English only org" not in everything
    assert "Gezondheid Roemeens" in health
    assert "Geld Nederlands" not in health
    assert "Gezondheid Roemeens" in romanian
    assert "Geld Nederlands" not in romanian
    assert "Geld Nederlands" in nonsense
    assert "<script>" not in nonsense


@pytest.mark.services
def test_search_finds_published_pages_in_the_readers_language_only(client, homes):
    page = information_page_create(homes["nl"], title="Soa-test zonder afspraak", slug="soa-test")
    english = page.copy_for_translation(homes["en"].locale)
    english.title, english.slug = "STI test without appointment", "sti-test"
    english.save_revision().publish()
    draft = information_page_create(homes["nl"], title="Soa-test concept", slug="concept")
    draft.unpublish()

    dutch = client.get("/nl/search/", {"q": "soa-test"}).content.decode()
    english_results = client.get("/en/search/", {"q": "STI test"}).content.decode()

    assert 'href="/nl/soa-test/"' in dutch
    assert "/en/sti-test/" not in dutch
    assert "Soa-test concept" not in dutch
    assert 'href="/en/sti-test/"' in english_results


def test_every_public_page_has_a_search_box(client, homes):
    page = information_page_create(homes["nl"])

    assert 'role="search"' in client.get(page.url).content.decode()


@pytest.mark.parametrize("extra_pages", [1, 4])
def test_home_page_query_count_does_not_grow_with_consultation_hours(
    client, homes, django_assert_max_num_queries, extra_pages
):
    for _ in range(extra_pages):
        consultation_page_create(homes["nl"])
    client.get("/nl/")  # warm caches that are per process (site root paths)

    with django_assert_max_num_queries(16):
        assert client.get("/nl/").status_code == 200


@pytest.mark.parametrize("organisations", [1, 6])
def test_directory_query_count_does_not_grow_with_organisations(
    client, homes, django_assert_max_num_queries, organisations
):
    from community.info.models import OrganisationDirectoryPage

    directory = OrganisationDirectoryPage(title="Wie helpt", slug="wie")
    homes["nl"].add_child(instance=directory)
    directory.save_revision().publish()
    for _ in range(organisations):
        OrganisationFactory(topics=["health", "money"], languages=["nl", "en"])
    client.get("/nl/wie/")

    with django_assert_max_num_queries(14):
        assert client.get("/nl/wie/?topic=health").status_code == 200


def test_consultation_page_query_count_is_constant(client, homes, django_assert_max_num_queries):
    page = consultation_page_create(homes["nl"])
    client.get(page.url)

    with django_assert_max_num_queries(14):
        client.get(page.url)


@pytest.mark.parametrize("links", [1, 6])
def test_home_page_topic_links_cost_the_same_queries_however_many(
    client, homes, django_assert_max_num_queries, links
):
    pages = [information_page_create(homes["nl"]) for _ in range(links)]
    home = homes["nl"]
    home.body = [
        {
            "type": "topics",
            "value": {
                "title": "Waar kan ik terecht?",
                "links": [{"page": p.pk, "label": "", "description": ""} for p in pages],
            },
        }
    ]
    home.save_revision().publish()
    client.get("/nl/")

    with django_assert_max_num_queries(16):
        html = client.get("/nl/").content.decode()
    assert html.count('class="topic-links__link"') == links


def test_page_interface_speaks_dutch_on_nl_and_english_on_en(client, homes):
    dutch = client.get("/nl/").content.decode()
    english = client.get("/en/").content.decode()

    assert "Volgende spreekuren" in dutch
    assert "Next consultation hours" in english
    assert "Laatst gecontroleerd op" in dutch


def test_home_page_title_is_the_neutral_site_name_alone(client, homes):
    html = client.get("/nl/").content.decode()

    assert re.search(r"<title>\s*Kring\s*</title>", html)
