"""Starting threads and replying: the service rules and the pages around them."""

import pytest
from django.urls import reverse

from forum import services
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db


def test_member_starts_a_thread_and_its_body_is_rendered_once_at_save(member, category):
    thread = services.thread_create(
        actor=member, category=category, title="Eerste keer", body="**Hallo** allemaal"
    )

    post = thread.posts.get()
    assert "<strong>Hallo</strong>" in post.body_html
    thread.refresh_from_db()
    assert thread.is_visible
    assert thread.post_count == 1
    assert thread.first_post_id == post.pk
    category.refresh_from_db()
    assert category.thread_count == 1
    assert category.post_count == 1


def test_thread_page_shows_the_stored_html_of_each_post(member_client, member, category):
    thread = make_thread(category=category, author=member, body="*schuin*")

    response = member_client.get(reverse("forum:thread", args=[thread.pk]))

    assert response.status_code == 200
    assert "<em>schuin</em>" in response.content.decode()
