"""Editing, deleting, permalinks, "new since your last visit" and search."""

import pytest
from django.urls import reverse

from community.moderation.models import AuditLog
from community.moderation.services import content_hide
from forum import services
from forum.models import Access, Post, PostRevision
from forum.selectors import POSTS_PER_PAGE
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, bulk_posts, make_thread

pytestmark = pytest.mark.django_db


def test_edit_keeps_the_old_text_as_a_revision_and_marks_the_post_edited(
    member_client, member, category
):
    thread = make_thread(category=category, author=member, body="Eerste versie")
    post = thread.posts.get()

    member_client.post(
        reverse("forum:post_edit", args=[post.pk]), {"body": "Tweede versie", "token": "e"}
    )

    post.refresh_from_db()
    assert post.body == "Tweede versie"
    assert "Tweede versie" in post.body_html
    assert post.edited_at is not None
    assert PostRevision.objects.get(post=post).body == "Eerste versie"
    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-edited" in page


def test_edit_history_is_for_the_author_and_moderators_only(client, member, other_member, category):
    thread = make_thread(category=category, author=member, body="Oud")
    post = thread.posts.get()
    services.post_edit(actor=member, post=post, body="Nieuw")
    url = reverse("forum:post_history", args=[post.pk])

    client.force_login(member)
    assert "Oud" in client.get(url).content.decode()
    client.force_login(other_member)
    assert client.get(url, follow=True).status_code == 404
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert "Oud" not in client.get(url, follow=True).content.decode()
    login_verified(client, moderator)
    assert "Oud" in client.get(url).content.decode()
    # A moderator opening a member's earlier versions is audited.
    assert AuditLog.objects.filter(action="forum.post.history_viewed", actor=moderator).exists()


def test_member_cannot_edit_someone_elses_post(member, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()

    with pytest.raises(services.PermissionDenied):
        services.post_edit(actor=member, post=post, body="gekaapt")


def test_moderator_edit_is_audited(member, category):
    post = make_thread(category=category, author=member, body="Mijn nummer is geheim").posts.get()
    moderator = ModeratorFactory()

    services.post_edit(actor=moderator, post=post, body="[weggehaald]", reason="telefoonnummer")

    entry = AuditLog.objects.get(action="forum.post.edited")
    assert entry.actor == moderator
    assert entry.reason == "telefoonnummer"


def test_deleting_own_post_leaves_a_placeholder_and_no_text(member_client, member, category):
    thread = make_thread(category=category, replies=1, reply_author=member)
    post = thread.posts.last()
    services.post_edit(actor=member, post=post, body="Spijt van")

    member_client.post(reverse("forum:post_delete", args=[post.pk]))

    post.refresh_from_db()
    assert post.is_deleted
    assert post.body == ""
    assert not post.revisions.exists()
    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-deleted" in page
    assert "Spijt van" not in page


def test_member_cannot_delete_someone_elses_post(member, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()

    with pytest.raises(services.PermissionDenied):
        services.post_delete(actor=member, post=post)


def test_permalink_redirects_to_the_page_and_anchor_of_the_post(member_client, member, category):
    thread = bulk_posts(thread=make_thread(category=category), author=member, count=70)
    post = list(thread.posts.order_by("id"))[POSTS_PER_PAGE + 5]

    response = member_client.get(reverse("forum:post", args=[post.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/forum/t/{thread.pk}/?page=2#p{post.pk}"
    page = member_client.get(response["Location"]).content.decode()
    assert f'id="p{post.pk}"' in page


def test_new_since_last_visit_marks_the_first_unseen_post(client, member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    client.force_login(member)
    client.get(reverse("forum:thread", args=[thread.pk]))  # seen everything
    newer = services.post_create(actor=other_member, thread=thread, body="Nieuw bericht")

    listing = client.get(reverse("forum:category", args=[category.pk])).content.decode()
    page = client.get(reverse("forum:thread", args=[thread.pk]))

    assert "data-new" in listing
    assert page.context["view"].first_new_post_id == newer.pk
    assert "data-new-marker" in page.content.decode()
    again = client.get(reverse("forum:thread", args=[thread.pk]))
    assert again.context["view"].first_new_post_id is None


def test_hidden_post_shows_as_placeholder_to_others_and_with_reason_to_author(
    client, member, other_member, category
):
    thread = make_thread(category=category, replies=1, reply_author=member)
    post = thread.posts.last()
    content_hide(post, actor=ModeratorFactory(), reason="Bevat een adres")

    client.force_login(other_member)
    page = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-hidden" in page
    assert "Reactie nummer 0" not in page
    client.force_login(member)
    own = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "Bevat een adres" in own


def test_search_finds_threads_by_title_and_by_post_text(member_client, category):
    by_title = make_thread(category=category, title="Huurtoeslag aanvragen", body="hoe?")
    by_text = make_thread(category=category, title="Vraagje", body="Iets over de huurtoeslag")
    make_thread(category=category, title="Iets anders", body="niets")

    response = member_client.get(reverse("forum:search"), {"q": "huurtoeslag"})

    found = {thread.pk for thread in response.context["page"]}
    assert found == {by_title.pk, by_text.pk}


def test_search_respects_category_access_and_hidden_posts(member_client, category):
    staff = CategoryFactory(read_access=Access.STAFF)
    make_thread(category=staff, author=ModeratorFactory(), title="Geheim overleg", body="x")
    thread = make_thread(category=category, title="Open", body="zichtbaar", replies=1)
    hidden = thread.posts.last()
    Post.objects.filter(pk=hidden.pk).update(body="verborgen woord")
    content_hide(hidden, actor=ModeratorFactory(), reason="r")

    assert not list(member_client.get(reverse("forum:search"), {"q": "Geheim"}).context["page"])
    assert not list(member_client.get(reverse("forum:search"), {"q": "verborgen"}).context["page"])


def test_support_worker_posts_carry_the_verified_badge(member_client, category):
    from tests.factories import SupportWorkerFactory

    worker = SupportWorkerFactory()
    thread = make_thread(category=category, author=worker, body="Ik help je graag")

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "forum-badge--verified" in page


def test_other_members_see_no_badge(member_client, category):
    thread = make_thread(category=category, author=TrustedMemberFactory())

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "forum-badge--verified" not in page
