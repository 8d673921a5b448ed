"""A member who deletes their account is not identifiable afterwards: not in others'
notifications, not in search, not in thread lists, not in others' mentions of them —
whether they chose to erase what they wrote or to keep it as "former member"."""

import pytest
from django.urls import reverse

from community.notifications.models import Notification
from community.privacy.services import member_delete
from forum import services
from forum.models import Post, PostRevision, Thread
from forum.quotes import quote_token
from tests.forum.factories import TrustedMemberFactory, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def frank(db):
    return TrustedMemberFactory(username="frank")


@pytest.fixture
def bob(db):
    return TrustedMemberFactory(username="bob")


@pytest.fixture
def traces(django_capture_on_commit_callbacks, frank, bob, category):
    """Frank starts a thread, mentions bob, gets replies, mentions, quotes and an edit
    that mentions him; everyone is notified."""
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            actor=frank, category=category, title="Vraag over huurtoeslag", body="Hoe doe ik dit?"
        )
        lonely = services.thread_create(
            actor=frank, category=category, title="Niemand antwoordt hier", body="Hallo?"
        )
        opening = thread.posts.get()
        services.post_create(actor=frank, thread=thread, body="Hoi @bob, weet jij het?")
        answer = services.post_create(
            actor=bob, thread=thread, body="Dank je @Frank, ik zoek het uit.", reply_to=opening
        )
        services.post_edit(actor=bob, post=answer, body="Dank je @frank! Ik zoek het uit.")
        services.post_create(actor=bob, thread=thread, body=quote_token(opening.pk) + "Goeie vraag")
    return thread, lonely


def _looks_for(client, bob, thread, category) -> str:
    """What bob sees: his notifications, the thread list, the thread."""
    client.force_login(bob)
    pages = [
        reverse("notifications:list"),
        reverse("forum:category", args=[category.pk]),
        reverse("forum:thread", args=[thread.pk]),
    ]
    return "\n".join(client.get(url).content.decode() for url in pages)


def _search(client, query):
    return list(client.get(reverse("forum:search"), {"q": query}).context["page"])


def test_before_deletion_frank_is_named_everywhere(client, traces, bob, category):
    thread, _lonely = traces

    seen = _looks_for(client, bob, thread, category).lower()

    assert seen.count("frank") >= 4  # notification, thread list, posts, mention
    assert [t.pk for t in _search(client, "frank")] == [thread.pk]


@pytest.mark.parametrize("keep_content", [False, True])
def test_after_deletion_nothing_names_frank(client, traces, frank, bob, category, keep_content):
    thread, _lonely = traces

    member_delete(member=frank, keep_content=keep_content)

    seen = _looks_for(client, bob, thread, category)
    assert "frank" not in seen.lower()
    assert _search(client, "frank") == []
    assert not Post.objects.filter(body__icontains="frank").exists()
    assert not PostRevision.objects.filter(body__icontains="frank").exists()
    # His notifications to bob are still there, now from "a former member".
    notification = Notification.objects.get(recipient=bob, kind="mention")
    assert notification.actor is None
    assert "frank" not in notification.display_text.lower()


def test_erasure_takes_the_titles_of_his_threads_with_it(client, traces, frank, bob, category):
    thread, lonely = traces

    member_delete(member=frank, keep_content=False)

    client.force_login(bob)
    assert not Thread.objects.filter(pk=lonely.pk).exists()
    thread.refresh_from_db()
    assert thread.title != "Vraag over huurtoeslag"  # a neutral title, bob's replies stay
    assert thread.posts.filter(author=bob).count() == 2
    assert _search(client, "huurtoeslag") == []
    assert _search(client, "Niemand") == []
    category.refresh_from_db()
    assert category.thread_count == 1


def test_anonymising_keeps_his_threads_as_former_member(traces, frank, category):
    thread, lonely = traces

    member_delete(member=frank, keep_content=True)

    assert Thread.objects.get(pk=thread.pk).title == "Vraag over huurtoeslag"
    assert Thread.objects.filter(pk=lonely.pk).exists()


def test_a_mention_of_another_name_that_starts_the_same_stays(frank, category):
    frans = TrustedMemberFactory(username="frankie")
    thread = make_thread(category=category, author=frans, body="Groet aan @frankie en @frank.")

    member_delete(member=frank, keep_content=False)

    body = thread.posts.get().body
    assert "@frankie" in body
    assert "@frank." not in body
