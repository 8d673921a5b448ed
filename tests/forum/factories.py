"""Forum test data. Members made here are trusted (their posts go out unreviewed)
unless a test says otherwise: most forum tests are not about the first-post hold."""

import factory

from forum import services
from forum.models import Category, Post, Thread
from tests.factories import TrustedMemberFactory, trusted

__all__ = ["CategoryFactory", "TrustedMemberFactory", "bulk_posts", "make_thread", "trusted"]


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Categorie {n}")
    description = "Over het werk, en alles eromheen."
    order = factory.Sequence(lambda n: n)


def make_thread(
    *,
    category=None,
    author=None,
    title="Hoe ga jij om met lastige klanten?",
    body="Ik ben benieuwd hoe jullie dit doen.",
    replies=0,
    reply_author=None,
):
    """A thread through the real service (counters, first post), with `replies`."""
    category = category or CategoryFactory()
    author = author or TrustedMemberFactory()
    thread = services.thread_create(actor=author, category=category, title=title, body=body)
    other = reply_author or author
    for number in range(replies):
        services.post_create(actor=other, thread=thread, body=f"Reactie nummer {number}")
    thread.refresh_from_db()
    return thread


def bulk_posts(*, thread, author, count):
    """Many posts quickly (query-count tests): bypasses the services, then refreshes."""
    Post.objects.bulk_create(
        [
            Post(thread=thread, author=author, body=f"bericht {i}", body_html=f"<p>bericht {i}</p>")
            for i in range(count)
        ]
    )
    services.thread_refresh(thread=thread)
    return Thread.objects.get(pk=thread.pk)
