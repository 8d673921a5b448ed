"""Fixtures for the moderation toolkit's tests.

Content is the forum's Post (registered with the toolkit in forum.apps), created
straight through the ORM so these tests exercise the toolkit, not the forum's forms.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import UserFactory


@pytest.fixture
def make_post(db):
    from forum.models import Category, Post, Thread

    category = Category.objects.create(name="Verhalen")
    thread = None

    def make(*, author=None, body="Een verhaal over vandaag.", state="visible"):
        nonlocal thread
        author = author or UserFactory()
        if thread is None:
            thread = Thread.objects.create(category=category, title="Mijn week", author=author)
        return Post.objects.create(
            thread=thread,
            author=author,
            body=body,
            body_html=f"<p>{body}</p>",
            moderation_state=state,
        )

    return make


def report_url(obj) -> str:
    from django.urls import reverse

    ct = ContentType.objects.get_for_model(obj)
    return reverse("moderation:report", args=[ct.pk, obj.pk])
