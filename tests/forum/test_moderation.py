"""The forum's side of the moderation toolkit: registration, purge, reports, the
personal-information guard, and the member-data registry."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from community.moderation.models import AuditLog, Report, ReviewItem
from community.moderation.registry import adapter_for
from community.moderation.services import content_purge, report_create, sanction_apply
from community.notifications.models import Notification
from community.privacy.registry import member_data_sources
from community.privacy.services import former_member
from forum import services
from forum.models import Access, Post, PostQuote, PostRevision, Reaction, Thread
from forum.privacy import forum_member_anonymise, forum_member_erase, forum_member_export
from forum.text import quote_block
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread
from tests.moderation.conftest import report_url

pytestmark = pytest.mark.django_db

PHONE_TEXT = "Bel me gerust op 06-12345678, dan spreken we af."


def test_post_is_registered_with_the_toolkit(member, category):
    post = make_thread(category=category, author=member).posts.get()

    adapter = adapter_for(post)

    assert adapter.audit_label == "forum.post"
    assert adapter.author(post) == member
    assert adapter.url(post) == f"/forum/p/{post.pk}/"
    assert adapter.is_moderatable


def test_purge_removes_the_post_its_history_and_quotes_of_it(
    django_capture_on_commit_callbacks, member, other_member, category
):
    thread = make_thread(category=category, author=other_member)
    outing = services.post_create(actor=member, thread=thread, body="Zij heet echt Anna")
    services.post_edit(actor=member, post=outing, body="Zij heet echt Anna de Vries")
    with django_capture_on_commit_callbacks(execute=True):
        quoting = services.post_create(
            actor=other_member,
            thread=thread,
            body=quote_block(post_id=outing.pk, author_name=member.username, text=outing.body)
            + "Dit kan echt niet.",
        )
    Reaction.objects.create(post=outing, member=other_member, kind="heart")
    moderator = ModeratorFactory()

    content_purge(outing, actor=moderator, reason="Outing")

    assert not Post.objects.filter(pk=outing.pk).exists()
    assert not PostRevision.objects.filter(post_id=outing.pk).exists()
    quoting.refresh_from_db()
    assert "Anna" not in quoting.body
    assert "Anna" not in quoting.body_html
    assert "Dit kan echt niet." in quoting.body
    assert not PostQuote.objects.filter(post=quoting).exists()
    assert not Notification.objects.filter(target_object_id=str(outing.pk), kind="quote").exists()
    assert AuditLog.objects.filter(action="forum.post.purged", actor=moderator).exists()
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_purging_the_opening_post_purges_the_thread(member, category):
    thread = make_thread(category=category, author=member, replies=2)

    content_purge(thread.posts.order_by("id").first(), actor=ModeratorFactory(), reason="Doxxing")

    assert not Thread.objects.filter(pk=thread.pk).exists()
    category.refresh_from_db()
    assert category.thread_count == 0


def test_report_button_leads_to_the_toolkits_report_form(member_client, other_member, category):
    thread = make_thread(category=category, author=other_member)

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "data-report" in page
    assert "/moderation/report/" in page


def test_enough_reports_hide_a_post_and_the_thread_counters_follow(member, category):
    thread = make_thread(category=category, author=member, replies=1)
    reply = thread.posts.order_by("id").last()
    for _ in range(3):
        report_create(reporter=TrustedMemberFactory(), target=reply, reason="personal_information")

    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.moderation_state == Post.HIDDEN
    assert thread.post_count == 1


def test_personal_information_warns_before_posting(member_client, category):
    thread = make_thread(category=category)

    response = member_client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": PHONE_TEXT, "token": "pii"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-pii-warning" in html
    assert "data-post-anyway" in html
    assert response.context["form"]["body"].value() == PHONE_TEXT
    assert thread.posts.count() == 1


def test_posting_anyway_holds_the_post_for_review(member_client, member, category):
    thread = make_thread(category=category)

    member_client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": PHONE_TEXT, "token": "pii2", "post_anyway": "1"},
    )

    post = thread.posts.get(author=member, body=PHONE_TEXT)
    assert post.moderation_state == Post.HELD
    assert ReviewItem.objects.filter(object_id=str(post.pk), status="open").exists()


def test_editing_personal_information_into_a_post_sends_it_back_for_review(member, category):
    post = make_thread(category=category, author=member, body="Gewoon tekst").posts.get()

    with pytest.raises(services.PersonalInformationWarning):
        services.post_edit(actor=member, post=post, body=PHONE_TEXT)
    services.post_edit(actor=member, post=post, body=PHONE_TEXT, post_anyway=True)

    post.refresh_from_db()
    assert post.moderation_state == Post.HELD


# --- Member data -------------------------------------------------------------------------------


def test_forum_registers_its_member_data():
    assert "forum" in {source.name for source in member_data_sources()}


def test_export_contains_the_members_posts_and_reactions(member, other_member, category):
    thread = make_thread(category=category, author=member, body="Mijn verhaal")
    Reaction.objects.create(
        post=make_thread(author=other_member).posts.get(), member=member, kind="hug"
    )

    data = forum_member_export(member)

    assert data["threads_started"][0]["title"] == thread.title
    assert data["posts"][0]["text"] == "Mijn verhaal"
    assert data["reactions"][0]["kind"] == "hug"


def test_erase_removes_posts_but_keeps_others_replies(member, other_member, category):
    thread = make_thread(category=category, author=member, body="Weg ermee")
    services.post_create(actor=other_member, thread=thread, body="Mijn antwoord blijft")
    lonely = make_thread(category=category, author=member)

    forum_member_erase(member)

    assert not Thread.objects.filter(pk=lonely.pk).exists()
    assert not Post.objects.filter(body="Weg ermee").exists()
    assert Post.objects.filter(body="Mijn antwoord blijft").exists()
    assert not Post.objects.filter(author=member).exists()


def test_anonymise_reassigns_posts_to_former_member(member, category):
    thread = make_thread(category=category, author=member, body="Blijft staan")
    replacement = former_member()

    forum_member_anonymise(member, replacement)

    assert thread.posts.get().author == replacement
    assert Thread.objects.get(pk=thread.pk).author == replacement


def test_a_held_post_notifies_only_once_it_is_approved(
    django_capture_on_commit_callbacks, category
):
    from community.moderation.services import content_approve
    from tests.factories import UserFactory

    roos = TrustedMemberFactory(username="roos")
    newcomer = UserFactory()
    thread = make_thread(category=category)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(actor=newcomer, thread=thread, body="Hoi @roos!")
    assert post.moderation_state == Post.HELD
    assert not Notification.objects.filter(recipient=roos).exists()

    with django_capture_on_commit_callbacks(execute=True):
        content_approve(post, actor=ModeratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        content_approve(post, actor=ModeratorFactory())  # a repeat sends nothing new

    assert list(Notification.objects.filter(recipient=roos).values_list("kind", flat=True)) == [
        "mention"
    ]


# --- Reporting only what one can see (security review, item 10) --------------------------


def _report_page(client, post_id):
    """The report form for a post id, as the member's browser ends up seeing it (the
    locale middleware first redirects a 404 to the /nl/ variant)."""
    ct = ContentType.objects.get_for_model(Post)
    return client.get(reverse("moderation:report", args=[ct.pk, post_id]), follow=True)


def _same_as_a_missing_id(client, post):
    """The answer for `post` is the answer for an id that does not exist."""
    answer = _report_page(client, post.pk)
    missing = _report_page(client, 999_999)
    hops = [url.replace(str(post.pk), "ID") for url, _status in answer.redirect_chain]
    missing_hops = [url.replace("999999", "ID") for url, _status in missing.redirect_chain]
    return answer.status_code == missing.status_code == 404 and hops == missing_hops


def test_a_post_in_a_staff_only_category_cannot_be_reported_by_members(client, member):
    staff_only = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)
    post = make_thread(category=staff_only, author=ModeratorFactory()).posts.get()
    client.force_login(member)

    assert _same_as_a_missing_id(client, post)
    assert client.post(report_url(post), {"reason": "spam"}, follow=True).status_code == 404
    with pytest.raises(Post.DoesNotExist):
        report_create(reporter=member, target=post, reason="spam")
    assert not Report.objects.exists()


@override_settings(KRING_REPORTS_TO_HIDE=3)
def test_three_members_cannot_hide_a_post_they_cannot_see(category):
    staff_only = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)
    post = make_thread(category=staff_only, author=ModeratorFactory()).posts.get()

    for reporter in TrustedMemberFactory.create_batch(3):
        with pytest.raises(Post.DoesNotExist):
            report_create(reporter=reporter, target=post, reason="spam")

    post.refresh_from_db()
    assert post.moderation_state == Post.VISIBLE


@pytest.mark.parametrize("state", [Post.HELD, Post.HIDDEN])
def test_the_report_form_for_a_held_or_hidden_post_answers_like_a_missing_id(
    client, member, other_member, category, state
):
    thread = make_thread(category=category, author=other_member)
    post = services.post_create(actor=other_member, thread=thread, body="Nog niet zichtbaar")
    Post.objects.filter(pk=post.pk).update(moderation_state=state)
    client.force_login(member)

    assert _same_as_a_missing_id(client, post)
    with pytest.raises(Post.DoesNotExist):
        report_create(reporter=member, target=Post.objects.get(pk=post.pk), reason="spam")


def test_a_deleted_post_cannot_be_reported(client, member, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()
    services.post_delete(actor=other_member, post=post)
    client.force_login(member)

    assert _same_as_a_missing_id(client, post)


def test_a_silenced_member_can_still_report_harm(client, member, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()
    sanction_apply(
        actor=ModeratorFactory(),
        member=member,
        kind="silence",
        reason="Even afkoelen",
        duration=timedelta(days=1),
    )
    client.force_login(member)

    response = client.post(report_url(post), {"reason": "threat"})

    assert response.status_code == 302
    assert Report.objects.get().reporter == member
