"""Editing, deleting, permalinks, "new since your last visit" and search."""

from datetime import timedelta

import pytest
from django.template import Context, Template, engines
from django.urls import reverse
from django.utils import timezone

from community.audit.models import AuditLog
from community.models import User
from community.moderation.services import content_hide
from community.privacy.constants import FORMER_MEMBER_LABEL
from community.privacy.services import former_member
from forum import services
from forum.models import Access, Post, PostRevision, Reaction
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


@pytest.mark.services
def test_search_finds_threads_by_title_and_by_post_text(member_client, category):
    by_title = make_thread(category=category, title="Huurtoeslag aanvragen", body="hoe?")
    by_text = make_thread(category=category, title="Vraagje", body="Iets over de huurtoeslag")
    make_thread(category=category, title="Iets anders", body="niets")

    response = member_client.get(reverse("forum:search"), {"q": "huurtoeslag"})

    found = {thread.pk for thread in response.context["page"]}
    assert found == {by_title.pk, by_text.pk}


@pytest.mark.services
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


# --- The posts fragment (forum/jinja2/forum/_posts.html) ---------------------------------------


def _posts_form(page: str) -> str:
    start = page.index('<form class="forum-posts"')
    return page[start : page.index("</form>", start)]


def test_all_post_actions_share_one_form_with_one_csrf_token(member_client, member, category):
    thread = make_thread(category=category)
    for _ in range(4):
        services.post_create(actor=TrustedMemberFactory(), thread=thread, body="Hoi")

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    posts = _posts_form(page)
    assert posts.count("<article") == 5
    assert posts.count("csrfmiddlewaretoken") == 1
    assert "<form" not in posts[1:]  # no form of its own in any post
    assert posts.count("data-reaction=") == 15
    assert posts.count("data-block") == 5


def test_reacting_through_the_pages_form_toggles_and_returns_to_the_post(
    member_client, member, other_member, category
):
    post = make_thread(category=category, author=other_member).posts.get()
    url = reverse("forum:post_action")

    response = member_client.post(url, {"react": f"{post.pk}:hug"})

    assert response["Location"].endswith(f"#p{post.pk}")
    assert Reaction.objects.filter(post=post, member=member, kind="hug").exists()
    page = member_client.get(reverse("forum:thread", args=[post.thread_id])).content.decode()
    assert 'aria-pressed="true" data-reaction="hug">' in page
    member_client.post(url, {"react": f"{post.pk}:hug"})
    assert not Reaction.objects.filter(post=post).exists()


def test_blocking_and_unblocking_through_the_pages_form(
    member_client, member, other_member, category
):
    thread = make_thread(category=category, author=other_member, body="Lees mij")
    url = reverse("forum:post_action")

    member_client.post(url, {"block": str(thread.first_post_id)})
    folded = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    member_client.post(url, {"unblock": str(thread.first_post_id)})
    unfolded = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "data-blocked-post" in folded
    assert f'name="unblock" value="{thread.first_post_id}"' in folded
    assert "data-blocked-post" not in unfolded


@pytest.mark.parametrize(
    "data",
    [{"react": "abc:hug"}, {"react": "²:hug"}, {"block": ""}, {"block": "9" * 40}, {"x": "1"}],
)
def test_a_malformed_page_action_is_not_found(member_client, data):
    # LocaleMiddleware sends unmatched 404s on to /nl/...; the member ends on a 404.
    response = member_client.post(reverse("forum:post_action"), data, follow=True)

    assert response.status_code == 404


def test_page_action_on_a_post_the_member_cannot_see_is_not_found(member_client, category):
    staff_only = CategoryFactory(read_access=Access.STAFF)
    post = make_thread(category=staff_only, author=ModeratorFactory()).posts.get()

    url = reverse("forum:post_action")

    response = member_client.post(url, {"react": f"{post.pk}:heart"}, follow=True)

    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_member_written_values_in_the_posts_are_escaped(client, category):
    # Sign-up refuses such a name; an account made another way must still be harmless.
    author = TrustedMemberFactory(username='<img src=x onerror="alert(1)">')
    thread = make_thread(category=category, author=author)
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(
        moderation_state=Post.HELD, moderation_reason="<script>alert(2)</script>"
    )
    client.force_login(author)

    page = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "<img src=x" not in page
    assert "@&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "<script>alert(2)" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_reader_sees_block_button_naming_an_escaped_pseudonym(member_client, category):
    author = TrustedMemberFactory(username="a&b")
    thread = make_thread(category=category, author=author)

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "@a&amp;b" in _posts_form(page)
    assert "a&b" not in _posts_form(page)


def test_member_name_markup_is_the_same_in_django_templates_and_jinja(member):
    django_tag = Template("{% load members %}{% member_name who %}")
    macro = engines["jinja2"].from_string(
        '{% from "community/macros.html" import member_name %}{{ member_name(who) }}'
    )
    for who in (member, former_member(), None):
        assert django_tag.render(Context({"who": who})) == macro.render({"who": who})
    assert ">@" + member.username + "<" in macro.render({"who": member})
    assert f">{FORMER_MEMBER_LABEL}<" in macro.render({"who": None})


def test_posts_of_a_former_member_carry_the_label_not_the_account_name(
    member_client, member, category
):
    gone = former_member()
    thread = make_thread(category=category)
    Post.objects.filter(thread=thread).update(author=gone)

    page = _posts_form(
        member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    )

    assert 'class="member member--former"' in page
    assert "data-block" not in page  # the shared account is nobody to block


def test_silenced_member_sees_reaction_counts_but_no_buttons_and_no_reply_links(
    client, member, other_member, category
):
    thread = make_thread(category=category, author=other_member)
    services.reaction_toggle(actor=TrustedMemberFactory(), post=thread.posts.get(), kind="heart")
    User.objects.filter(pk=member.pk).update(silenced_until=timezone.now() + timedelta(days=1))
    client.force_login(member)

    posts = _posts_form(client.get(reverse("forum:thread", args=[thread.pk])).content.decode())

    assert "data-reaction=" not in posts
    assert 'data-reacted="heart"' in posts
    assert "data-quote>" not in posts
    assert "data-reply>" not in posts
    assert "data-report" in posts  # reporting harm stays open


def test_edit_history_link_follows_the_policy_for_moderators(client, member, category):
    thread = make_thread(category=category, author=member)
    services.post_edit(actor=member, post=thread.posts.get(), body="Nieuw")
    moderator = ModeratorFactory(session_verified=False)
    url = reverse("forum:thread", args=[thread.pk])

    client.force_login(moderator)  # not verified: an ordinary member here
    unverified = _posts_form(client.get(url).content.decode())
    login_verified(client, moderator)
    verified = _posts_form(client.get(url).content.decode())

    history = reverse("forum:post_history", args=[thread.first_post_id])
    assert "<span data-edited>" in unverified
    assert history not in unverified
    assert "data-edit>" not in unverified
    assert f'<a href="{history}" data-edited>' in verified
    assert "data-edit>" in verified
    assert "/tools/" in client.get(url).content.decode()


def test_quote_and_reply_links_lead_to_the_reply_page(member_client, other_member, category):
    thread = make_thread(category=category, author=other_member)
    post_id = thread.first_post_id

    posts = _posts_form(
        member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    )

    reply = reverse("forum:reply", args=[thread.pk])
    assert f'href="{reply}?quote={post_id}" data-quote' in posts
    assert f'href="{reply}?reply_to={post_id}" data-reply' in posts
    assert f'href="{reverse("forum:post", args=[post_id])}">#1</a>' in posts
