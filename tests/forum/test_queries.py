"""The category list, a thread list and a 50-post thread page each run a fixed number
of queries, however many categories, threads, posts, reactions and authors there are."""

import pytest
from django.urls import reverse

from community.models import User
from community.moderation.models import MemberTrust, TrustLevel
from forum import services
from forum.models import Post, Reaction, Thread
from tests.forum.factories import CategoryFactory, bulk_posts, make_thread

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
        thread = make_thread(category=category, author=authors[2 * number], title=f"D{number}")
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
    from community.services import member_block

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
