"""Starting threads and replying: the service rules and the pages around them,
including every kind of bad input (each keeps what the member typed)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from community.moderation.models import Sanction
from community.moderation.services import sanction_apply
from forum import services
from forum.models import Access, Post, Thread
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread

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


def test_script_in_a_post_is_never_rendered_as_html(member_client, member, category):
    thread = make_thread(category=category, author=member, body="<script>alert(1)</script>")

    html = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_new_thread_form_creates_the_thread_and_opens_it(member_client, category):
    response = member_client.post(
        reverse("forum:thread_new", args=[category.pk]),
        {"title": "Belasting als zzp'er", "body": "Wie weet hoe dit zit?", "token": "t1"},
    )

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:thread", args=[thread.pk])
    assert thread.title == "Belasting als zzp'er"


def test_reply_form_adds_a_post_and_lands_on_its_permalink_anchor(member_client, category):
    thread = make_thread(category=category)

    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Sterkte!", "token": "r1"}
    )

    post = Post.objects.latest("id")
    assert post.body == "Sterkte!"
    assert response["Location"].endswith(f"#p{post.pk}")


# --- Bad input -------------------------------------------------------------------------------


def test_empty_post_is_refused_with_a_message(member_client, category):
    thread = make_thread(category=category)

    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "   \n ", "token": "e1"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert thread.posts.count() == 1


def test_oversized_post_is_refused_and_the_text_comes_back_whole(member_client, category):
    thread = make_thread(category=category)
    long_text = "woord " * 3500  # 21,000 characters

    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": long_text, "token": "o1"}
    )

    assert response.status_code == 200
    assert "20000" in " ".join(response.context["form"].non_field_errors())
    assert response.context["form"]["body"].value() == long_text
    assert thread.posts.count() == 1


def test_post_of_exactly_twenty_thousand_characters_is_accepted(member, category):
    thread = make_thread(category=category)

    post = services.post_create(actor=member, thread=thread, body="x" * 20_000)

    assert len(post.body) == 20_000


def test_title_over_150_characters_is_refused_keeping_title_and_text(member_client, category):
    title = "t" * 151

    response = member_client.post(
        reverse("forum:thread_new", args=[category.pk]),
        {"title": title, "body": "Mijn verhaal", "token": "x1"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"]
    assert form["title"].value() == title
    assert form["body"].value() == "Mijn verhaal"
    assert not Thread.objects.exists()


def _not_found(client, url):
    # LocaleMiddleware sends unmatched 404s on to /nl/...; the member ends on a 404.
    return client.get(url, follow=True).status_code == 404


def test_unknown_category_is_a_404(member_client):
    assert _not_found(member_client, reverse("forum:category", args=[999]))
    assert _not_found(member_client, reverse("forum:thread_new", args=[999]))


def test_staff_only_category_is_invisible_to_members(member_client):
    staff = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)

    assert _not_found(member_client, reverse("forum:category", args=[staff.pk]))
    assert staff.name not in member_client.get(reverse("forum:index")).content.decode()


def test_category_where_only_staff_post_is_read_only_for_members(member_client, member):
    announcements = CategoryFactory(post_access=Access.STAFF)

    assert _not_found(member_client, reverse("forum:thread_new", args=[announcements.pk]))
    with pytest.raises(services.PermissionDenied):
        services.thread_create(actor=member, category=announcements, title="t", body="b")


def test_reply_to_locked_thread_is_refused_and_text_kept(member_client, category):
    thread = make_thread(category=category)
    services.thread_lock(actor=ModeratorFactory(), thread=thread, reason="ruzie")

    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Toch nog iets", "token": "l1"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["body"].value() == "Toch nog iets"
    assert thread.posts.count() == 1


def test_moderator_may_still_reply_to_a_locked_thread(category):
    thread = make_thread(category=category)
    moderator = ModeratorFactory()
    services.thread_lock(actor=moderator, thread=thread)

    services.post_create(actor=moderator, thread=thread, body="Gesloten, sorry.")

    assert thread.posts.count() == 2


def test_reply_to_purged_thread_says_so_and_hands_back_the_text(member_client, category):
    thread = make_thread(category=category)
    thread_id = thread.pk
    services.post_purge(post=thread.posts.get(), actor=ModeratorFactory())

    response = member_client.post(
        reverse("forum:reply", args=[thread_id]), {"body": "Mijn antwoord", "token": "p1"}
    )

    assert response.status_code == 410
    assert "Mijn antwoord" in response.content.decode()
    assert "data-thread-gone" in response.content.decode()


def test_same_submit_twice_creates_one_post(member_client, category):
    thread = make_thread(category=category)
    data = {"body": "Dubbel geklikt", "token": "same-token"}

    first = member_client.post(reverse("forum:reply", args=[thread.pk]), data)
    second = member_client.post(reverse("forum:reply", args=[thread.pk]), data)

    assert thread.posts.filter(body="Dubbel geklikt").count() == 1
    assert first["Location"] == second["Location"]


def test_same_new_thread_submit_twice_creates_one_thread(member_client, category):
    data = {"title": "Twee keer", "body": "Oeps", "token": "thread-token"}

    member_client.post(reverse("forum:thread_new", args=[category.pk]), data)
    member_client.post(reverse("forum:thread_new", args=[category.pk]), data)

    assert Thread.objects.count() == 1


def test_every_form_carries_a_fresh_token(member_client, category):
    thread = make_thread(category=category)

    first = member_client.get(reverse("forum:thread", args=[thread.pk])).context["form"]
    second = member_client.get(reverse("forum:thread", args=[thread.pk])).context["form"]

    assert first["token"].value()
    assert first["token"].value() != second["token"].value()


# --- Who may post --------------------------------------------------------------------------


def test_new_members_first_post_is_held_and_hidden_from_others(client, category):
    newcomer = UserFactory()  # trust level "new"
    thread = services.thread_create(
        actor=newcomer, category=category, title="Hallo, ik ben nieuw", body="Hoi allemaal"
    )
    post = thread.posts.get()
    other = TrustedMemberFactory()

    assert post.moderation_state == Post.HELD
    thread.refresh_from_db()
    assert not thread.is_visible
    client.force_login(other)
    assert (
        "Hallo, ik ben nieuw"
        not in client.get(reverse("forum:category", args=[category.pk])).content.decode()
    )
    assert _not_found(client, reverse("forum:thread", args=[thread.pk]))
    client.force_login(newcomer)
    own = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-held" in own


def test_approving_a_held_post_makes_the_thread_visible(category):
    from community.moderation.services import content_approve

    newcomer = UserFactory()
    thread = services.thread_create(actor=newcomer, category=category, title="Hoi", body="Hoi")

    content_approve(thread.posts.get(), actor=ModeratorFactory())

    thread.refresh_from_db()
    category.refresh_from_db()
    assert thread.is_visible
    assert category.thread_count == 1


def test_category_that_needs_approval_holds_every_members_post(member):
    checked = CategoryFactory(posts_need_approval=True)

    thread = services.thread_create(actor=member, category=checked, title="Vraag", body="Tekst")

    assert thread.posts.get().moderation_state == Post.HELD


def test_silenced_member_cannot_post(member, category):
    thread = make_thread(category=category)
    sanction_apply(
        actor=ModeratorFactory(),
        member=member,
        kind=Sanction.Kind.SILENCE,
        reason="Even afkoelen",
        duration=timedelta(hours=24),
    )

    with pytest.raises(services.PermissionDenied):
        services.post_create(actor=member, thread=thread, body="Mag ik iets zeggen?")


def test_slow_mode_allows_one_post_per_member_per_interval(member, category):
    thread = make_thread(category=category)
    services.thread_slow_mode(actor=ModeratorFactory(), thread=thread, minutes=10)
    services.post_create(actor=member, thread=thread, body="Eerste")

    with pytest.raises(services.ValidationError):
        services.post_create(actor=member, thread=thread, body="Tweede")


def test_thread_closes_by_itself_at_the_set_time(member, category):
    from django.utils import timezone

    thread = make_thread(category=category)
    services.thread_close_at(
        actor=ModeratorFactory(), thread=thread, closes_at=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(services.ValidationError):
        services.post_create(actor=member, thread=thread, body="Te laat")
