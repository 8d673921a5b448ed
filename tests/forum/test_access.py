"""Visitors and pending members get the login (or waiting) page for every forum URL;
nothing in a redirect, a header or a page title reveals a thread."""

import re

import pytest
from django.urls import reverse

from tests.factories import PendingUserFactory
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Mijn ex weet waar ik woon"


@pytest.fixture
def forum_urls(category):
    thread = make_thread(category=category, title=SECRET_TITLE)
    post = thread.first_post_id
    return [
        ("get", reverse("forum:index")),
        ("get", reverse("forum:search") + "?q=woon"),
        ("get", reverse("forum:category", args=[category.pk])),
        ("get", reverse("forum:thread_new", args=[category.pk])),
        ("post", reverse("forum:category_watch", args=[category.pk])),
        ("get", reverse("forum:thread", args=[thread.pk])),
        ("get", reverse("forum:reply", args=[thread.pk])),
        ("post", reverse("forum:thread_watch", args=[thread.pk])),
        ("get", reverse("forum:thread_tools", args=[thread.pk])),
        ("get", reverse("forum:thread_split", args=[thread.pk])),
        ("get", reverse("forum:post", args=[post])),
        ("get", reverse("forum:post_edit", args=[post])),
        ("get", reverse("forum:post_delete", args=[post])),
        ("get", reverse("forum:post_history", args=[post])),
        ("post", reverse("forum:post_react", args=[post])),
        ("post", reverse("forum:post_block", args=[post])),
        ("post", reverse("forum:post_unblock", args=[post])),
        # Unknown ids behave the same: no hint whether something exists.
        ("get", reverse("forum:thread", args=[99999])),
    ]


def test_visitors_get_the_login_page_for_every_forum_url(client, forum_urls):
    for method, url in forum_urls:
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        location = response["Location"]
        assert location.startswith(reverse("account_login")), url
        assert "Mijn" not in location, url  # ids only: no title words in `next`
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_pending_members_get_the_waiting_page_for_every_forum_url(client, forum_urls):
    client.force_login(PendingUserFactory())

    for method, url in forum_urls:
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response["Location"] == reverse("member_pending"), url


def test_forum_urls_carry_ids_never_titles(category):
    thread = make_thread(category=category, title=SECRET_TITLE)

    assert reverse("forum:thread", args=[thread.pk]) == f"/forum/t/{thread.pk}/"


def test_members_pages_are_noindex_private_and_title_free(member_client, category):
    thread = make_thread(category=category, title=SECRET_TITLE)

    response = member_client.get(reverse("forum:thread", args=[thread.pk]))

    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert SECRET_TITLE not in title
    assert category.name not in title
    assert SECRET_TITLE in html  # members do see it on the page
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_forum_pages_load_only_kringss_own_assets(member_client, category):
    thread = make_thread(category=category)

    html = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert not re.search(r'(src|href)="(https?:)?//', html.replace("https://www.knmi.nl", ""))
    assert "<script>" not in html  # CSP: no inline scripts


def test_forum_speaks_dutch_by_default(member_client, category):
    thread = make_thread(category=category)

    html = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "Reactie plaatsen" in html
    assert "Knuffel" in html
