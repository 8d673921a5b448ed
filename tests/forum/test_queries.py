"""The category list, a thread list and a 50-post thread page each run a fixed number
of queries, however many categories, threads, posts, reactions and authors there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import User
from community.moderation.models import MemberTrust, TrustLevel
from community.text import render_markdown
from forum import services
from forum.models import Post, Reaction, ReadState, Thread
from tests.forum.factories import CategoryFactory, bulk_posts, make_thread, trusted

pytestmark = pytest.mark.django_db

# Session, user, groups (permissions), and the page's own reads; the same for 5 and 50.
MAX_QUERIES = 22


def _count(django_assert_max_num_queries, client, url):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_category_list_queries_do_not_grow(member_client, django_assert_max_num_queries):
    for _ in range(5):
        make_thread(category=CategoryFactory())
    few = _count(django_assert_max_num_queries, member_client, reverse("forum:index"))

    for _ in range(45):
        make_thread(category=CategoryFactory())
    many = _count(django_assert_max_num_queries, member_client, reverse("forum:index"))

    assert few == many


def _threads(category, count):
    start = User.objects.count()
    authors = User.objects.bulk_create(
        [User(username=f"lid{start + i}", status=User.Status.APPROVED) for i in range(2 * count)]
    )
    # Trusted, so that each opening post is visible and others may reply.
    MemberTrust.objects.bulk_create(
        [MemberTrust(member=author, level=TrustLevel.MEMBER, locked=True) for author in authors]
    )
    for number in range(count):
        # A trusted opener: a held opening post would leave nothing to reply to.
        opener = trusted(authors[2 * number])
        thread = make_thread(category=category, author=opener, title=f"D{number}")
        services.post_create(actor=authors[2 * number + 1], thread=thread, body="Antwoord")


def test_thread_list_queries_do_not_grow(
    member_client, member, category, django_assert_max_num_queries
):
    url = reverse("forum:category", args=[category.pk])
    _threads(category, 5)
    member_client.get(reverse("forum:thread", args=[Thread.objects.first().pk]))  # a read state
    few = _count(django_assert_max_num_queries, member_client, url)

    _threads(category, 25)  # 30 threads: a full page
    many = _count(django_assert_max_num_queries, member_client, url)

    assert few == many


def _posts_with_everything(thread, count):
    """`count` posts by different authors, each with reactions, some by blocked members."""
    start = User.objects.count()
    authors = User.objects.bulk_create(
        [User(username=f"schrijver{start + i}", status=User.Status.APPROVED) for i in range(count)]
    )
    Post.objects.bulk_create(
        [Post(thread=thread, author=author, body="b", body_html="<p>b</p>") for author in authors]
    )
    services.thread_refresh(thread=thread)
    posts = list(Post.objects.filter(thread=thread))
    Reaction.objects.bulk_create(
        [Reaction(post=post, member=authors[0], kind="heart") for post in posts]
        + [Reaction(post=post, member=authors[-1], kind="hug") for post in posts]
    )
    return authors


def test_thread_page_queries_do_not_grow_from_5_to_50_posts(
    member_client, member, category, django_assert_max_num_queries
):
    from community.accounts.services import member_block

    small = make_thread(category=category)
    authors = _posts_with_everything(small, 4)  # 5 posts
    member_block(actor=member, blocked=authors[0])
    large = make_thread(category=category)
    authors = _posts_with_everything(large, 49)  # 50 posts
    member_block(actor=member, blocked=authors[0])

    few = _count(
        django_assert_max_num_queries, member_client, reverse("forum:thread", args=[small.pk])
    )
    many = _count(
        django_assert_max_num_queries, member_client, reverse("forum:thread", args=[large.pk])
    )

    assert Thread.objects.get(pk=large.pk).post_count == 50
    assert few == many


def test_a_deep_page_costs_the_same_as_the_first(
    member_client, member, category, django_assert_max_num_queries
):
    thread = bulk_posts(thread=make_thread(category=category), author=member, count=120)
    url = reverse("forum:thread", args=[thread.pk])

    member_client.get(url)  # the first visit creates the read state
    second = _count(django_assert_max_num_queries, member_client, url + "?page=2")
    third = _count(django_assert_max_num_queries, member_client, url + "?page=3")

    assert second == third


# A post as members write them (the benchmark's text): a sentence, a list, a quote.
_BODY = (
    "Ik herken dit **heel erg**. Wat mij hielp:\n\n- praten met anderen\n"
    "- een vaste plek\n\n> Je staat er niet alleen voor.\n"
)
MAX_THREAD_PAGE_BYTES = 60 * 1024


def test_a_50_post_thread_page_stays_under_60_kb(member_client, member, category):
    """Every post offers reactions, reply, quote, report and block, without a form or
    token of its own (issue 8: it weighed 120 KB, django-machina's 102 KB)."""
    thread = make_thread(category=category)
    start = User.objects.count()
    authors = User.objects.bulk_create(
        [User(username=f"schrijver{start + i}", status=User.Status.APPROVED) for i in range(49)]
    )
    html = str(render_markdown(_BODY))
    Post.objects.bulk_create(
        [Post(thread=thread, author=author, body=_BODY, body_html=html) for author in authors]
    )
    services.thread_refresh(thread=thread)
    Reaction.objects.bulk_create(
        [Reaction(post=post, member=authors[0], kind="heart") for post in thread.posts.all()]
    )

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert page.count("<article") == 50
    assert page.count("data-reaction=") == 3 * 50
    assert page.count("data-block") == 50
    assert len(page.encode()) <= MAX_THREAD_PAGE_BYTES


def test_reading_a_page_again_writes_nothing(member_client, member, category):
    thread = bulk_posts(thread=make_thread(category=category), author=member, count=60)
    url = reverse("forum:thread", args=[thread.pk])
    member_client.get(url + "?page=2")  # read up to the last post

    with CaptureQueriesContext(connection) as again:
        member_client.get(url + "?page=2")
    with CaptureQueriesContext(connection) as earlier:
        member_client.get(url)  # an earlier page moves nothing either

    writes = [
        query["sql"]
        for query in again.captured_queries + earlier.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
        and "forum_readstate" in query["sql"]
    ]
    assert writes == []
    state = ReadState.objects.get(member=member, thread=thread)
    assert state.last_read_post_id == thread.last_post_id


def test_a_newer_post_moves_the_read_state_on(member_client, member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    url = reverse("forum:thread", args=[thread.pk])
    member_client.get(url)
    newer = services.post_create(actor=other_member, thread=thread, body="Nog iets")

    member_client.get(url)

    assert ReadState.objects.get(member=member, thread=thread).last_read_post_id == newer.pk


@pytest.mark.services
def test_the_first_visit_writes_its_read_state_in_one_statement(member_client, member, category):
    """The page has just read that there is no read state, so it inserts one: not a
    failed UPDATE followed by get_or_create's SELECT, SAVEPOINT and INSERT."""
    thread = bulk_posts(thread=make_thread(category=category), author=member, count=3)

    with CaptureQueriesContext(connection) as first:
        member_client.get(reverse("forum:thread", args=[thread.pk]))

    touching = [
        query["sql"] for query in first.captured_queries if "forum_readstate" in query["sql"]
    ]
    assert [sql.split()[0].upper() for sql in touching] == ["SELECT", "INSERT"]
    assert not any("SAVEPOINT" in query["sql"].upper() for query in first.captured_queries)
    state = ReadState.objects.get(member=member, thread=thread)
    assert state.last_read_post_id == thread.last_post_id
