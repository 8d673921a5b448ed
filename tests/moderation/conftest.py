"""Fixtures for the moderation toolkit's tests.

Content is the forum's Post (registered with the toolkit in forum.apps), created
straight through the ORM so these tests exercise the toolkit, not the forum's forms.
Each post is a reply in one thread whose visible opening post is by someone else, so
members can see (and report) the posts that are visible.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import UserFactory


@pytest.fixture
def make_post(db):
    from forum.models import Category, Post, Thread
    from forum.services import thread_refresh

    category = Category.objects.create(name="Verhalen")
    thread = None

    def make(*, author=None, body="Een verhaal over vandaag.", state="visible"):
        nonlocal thread
        author = author or UserFactory()
        if thread is None:
            opener = UserFactory()
            thread = Thread.objects.create(category=category, title="Mijn week", author=opener)
            Post.objects.create(thread=thread, author=opener, body="Hoi", body_html="<p>Hoi</p>")
        post = Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=f"<p>{body}</p>",
            moderation_state=state,
        )
        # The thread's cached visibility, as the forum keeps it.
        thread_refresh(thread=thread)
        return post

    return make


def report_url(obj) -> str:
    from django.urls import reverse

    ct = ContentType.objects.get_for_model(obj)
    return reverse("moderation:report", args=[ct.pk, obj.pk])
