"""The forum's side of the moderation toolkit: registration, purge, reports, the
personal-information guard, and the member-data registry."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from community.audit.models import AuditLog
from community.moderation.models import Report, ReviewItem
from community.moderation.services import content_purge, report_create, sanction_apply
from community.notifications.models import Notification
from community.privacy.services import former_member
from community.registries.content import adapter_for
from community.registries.member_data import member_data_sources
from forum import services
from forum.models import Access, Post, PostQuote, PostRevision, Reaction, Thread
from forum.privacy import forum_member_anonymise, forum_member_erase, forum_member_export
from forum.quotes import quote_token
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread
from tests.moderation.conftest import report_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


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
            body=quote_token(outing.pk) + "Dit kan echt niet.",
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


# --- The toolkit's on_state_changed hook, instead of a signal --------------------------------


def _thread_updates(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('UPDATE "forum_thread"'))


@pytest.mark.services
def test_a_held_new_post_recounts_its_thread_once(category):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    thread = make_thread(category=category)

    with CaptureQueriesContext(connection) as queries:
        post = services.post_create(actor=UserFactory(), thread=thread, body="Mijn eerste post")

    assert post.moderation_state == Post.HELD
    assert _thread_updates(queries.captured_queries) == 1


def test_the_toolkit_tells_the_forum_once_per_real_state_change(member, category, monkeypatch):
    from dataclasses import replace

    from community.moderation.services import content_approve, content_hide, content_hold
    from community.registries import content as registry

    calls = []
    adapter = adapter_for(Post)
    monkeypatch.setitem(
        registry._registry,
        Post,
        replace(adapter, on_state_changed=lambda post, old, new: calls.append((old, new))),
    )
    post = make_thread(category=category, author=member).posts.get()
    moderator = ModeratorFactory()

    for _ in range(2):
        content_hold(post, reason="Even kijken")
    for _ in range(2):
        content_approve(post, actor=moderator)
    for _ in range(2):
        content_hide(post, actor=moderator, reason="Toch niet")

    assert calls == [("visible", "held"), ("held", "visible"), ("visible", "hidden")]


def test_the_forums_hook_runs_inside_the_toolkits_transaction(member, category, monkeypatch):
    from dataclasses import replace

    from community.moderation.services import content_hide
    from community.registries import content as registry

    def broken_hook(post, old, new):
        raise RuntimeError("counter update failed")

    monkeypatch.setitem(
        registry._registry, Post, replace(adapter_for(Post), on_state_changed=broken_hook)
    )
    post = make_thread(category=category, author=member).posts.get()

    with pytest.raises(RuntimeError):
        content_hide(post, actor=ModeratorFactory(), reason="Weg")

    post.refresh_from_db()
    assert post.moderation_state == Post.VISIBLE
    assert not AuditLog.objects.filter(action="forum.post.hidden").exists()


def test_hiding_and_restoring_through_the_toolkit_keeps_the_counters(member, category):
    from community.moderation.services import content_hide, content_restore

    thread = make_thread(category=category, author=member, replies=1)
    reply = thread.posts.order_by("id").last()
    moderator = ModeratorFactory()

    content_hide(reply, actor=moderator, reason="Weg")
    thread.refresh_from_db()
    assert thread.post_count == 1

    content_restore(reply, actor=moderator, reason="Terug")
    thread.refresh_from_db()
    category.refresh_from_db()
    assert (thread.post_count, category.post_count) == (2, 2)


def test_a_moderator_edit_through_the_toolkit_is_audited_once(member, category):
    from community.moderation.services import content_edit

    post = make_thread(category=category, author=member, body="Bel me maar.").posts.get()
    moderator = ModeratorFactory()

    assert content_edit(post, actor=moderator, text="Bel me gerust.", reason="toon") is True
    assert content_edit(post, actor=moderator, text="Bel me gerust.", reason="toon") is False

    assert AuditLog.objects.filter(action="forum.post.edited").count() == 1
    assert PostRevision.objects.filter(post=post).count() == 1


# --- An edit runs every check a new post runs ------------------------------------------------


def test_editing_a_held_word_into_a_visible_post_sends_it_back_to_the_queue(member, category):
    from community.moderation.models import WatchedWord

    WatchedWord.objects.create(word="afspraakje", action=WatchedWord.Action.HOLD)
    post = make_thread(category=category, author=member, body="Gewoon tekst").posts.get()

    services.post_edit(actor=member, post=post, body="Zin in een afspraakje?")

    post.refresh_from_db()
    assert post.moderation_state == Post.HELD
    assert ReviewItem.objects.filter(object_id=str(post.pk), status="open").exists()
    assert not Thread.objects.get(pk=post.thread_id).is_visible


def test_editing_a_post_in_a_category_that_needs_approval_sends_it_back(member, moderator):
    from community.moderation.services import content_approve
    from tests.forum.factories import CategoryFactory

    checked = CategoryFactory(posts_need_approval=True)
    post = make_thread(category=checked, author=member, body="Eerste versie").posts.get()
    content_approve(post, actor=moderator)

    services.post_edit(actor=member, post=post, body="Tweede versie")

    post.refresh_from_db()
    assert post.moderation_state == Post.HELD


def test_a_new_members_edit_of_an_approved_post_is_checked_again(category, moderator):
    from community.moderation.services import content_approve
    from tests.factories import UserFactory

    newcomer = UserFactory()
    post = make_thread(category=category, author=newcomer, body="Hallo allemaal").posts.get()
    assert post.moderation_state == Post.HELD
    content_approve(post, actor=moderator)

    services.post_edit(actor=newcomer, post=post, body="Hallo allemaal, ik ben nieuw")

    post.refresh_from_db()
    assert post.moderation_state == Post.HELD


def test_a_new_members_edit_keeps_the_new_member_limits(category, moderator):
    from community.moderation.services import content_approve
    from tests.factories import UserFactory

    newcomer = UserFactory()
    post = make_thread(category=category, author=newcomer, body="Hallo").posts.get()
    content_approve(post, actor=moderator)
    links = " ".join(f"https://example{n}.nl" for n in range(5))

    with pytest.raises(services.ValidationError):
        services.post_edit(actor=newcomer, post=post, body=f"Kijk hier: {links}")

    post.refresh_from_db()
    assert post.body == "Hallo"


def test_an_ordinary_edit_by_a_trusted_member_stays_visible(member, category):
    post = make_thread(category=category, author=member, body="Gewoon tekst").posts.get()

    services.post_edit(actor=member, post=post, body="Gewoon andere tekst")

    post.refresh_from_db()
    assert post.moderation_state == Post.VISIBLE


# --- Reports only on posts the reporter can see ---------------------------------------------


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
