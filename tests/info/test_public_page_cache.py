"""Visitors get a stored copy of a public page: no cookie, no query, and a fresh copy
after every publish; members always get their own page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services as meetups
from events.models import Visibility
from tests.events.conftest import fields
from tests.factories import UserFactory
from tests.info.factories import information_page_create


@pytest.fixture
def page(homes):
    return information_page_create(homes["nl"], title="Hulp bij geldzaken")


def test_a_visitors_second_visit_is_served_without_a_query_and_sets_no_cookie(
    client, page, django_assert_num_queries
):
    first = client.get(page.url)
    assert first.status_code == 200
    assert not first.cookies

    with django_assert_num_queries(0):
        second = client.get(page.url)

    assert second.status_code == 200
    assert second.content == first.content
    assert not second.cookies
    # The header middlewares outside the cache still apply.
    assert second["Content-Security-Policy"]
    assert second["Content-Type"].startswith("text/html")


def test_publishing_a_change_shows_it_to_the_next_visitor(client, page):
    client.get(page.url)

    page.title = "Hulp bij geld en papieren"
    page.save_revision().publish()

    assert "Hulp bij geld en papieren" in client.get(page.url).content.decode()


def test_unpublishing_a_page_removes_it_for_visitors(client, page):
    client.get(page.url)

    page.unpublish()

    assert client.get(page.url).status_code == 404


def test_a_member_gets_a_fresh_page_of_their_own(client, page):
    client.get(page.url)
    member = UserFactory(username="Zonnebloem")
    client.force_login(member)

    html = client.get(page.url).content.decode()

    assert 'action="/accounts/logout/"' in html
    client.logout()
    assert 'action="/accounts/logout/"' not in client.get(page.url).content.decode()


def test_each_language_and_each_query_string_are_not_mixed_up(client, homes, page):
    english = client.get("/en/").content.decode()
    dutch = client.get("/nl/").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="nl">' in dutch
    assert '<html lang="nl">' in client.get("/nl/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    # A query string is never served from (or stored in) the cache.
    client.get(page.url + "?x=1")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url + "?x=1").status_code == 200
    assert len(queries) > 0


def test_an_error_page_is_not_stored(client, homes):
    assert client.get("/nl/bestaat-niet/").status_code == 404
    information_page_create(homes["nl"], title="Bestaat niet", slug="bestaat-niet")

    assert client.get("/nl/bestaat-niet/").status_code == 200


def test_a_new_public_meetup_reaches_the_cached_home_page(client, homes, support_worker):
    assert "Open avond" not in client.get("/nl/").content.decode()

    meetups.series_create(
        actor=support_worker,
        data=fields(
            title="Open avond", valid_from=timezone.localdate(), visibility=Visibility.PUBLIC
        ),
    )

    assert "Open avond" in client.get("/nl/").content.decode()
