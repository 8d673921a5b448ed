"""Reactions, watching and notifications, quoting, mentions and blocking."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.accounts.services import member_block
from community.models import User
from community.moderation.services import sanction_apply
from community.notifications.models import Notification
from forum import services
from forum.models import Access, PostMention, PostQuote, Reaction
from forum.quotes import quote_token
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread

pytestmark = pytest.mark.django_db


def _kinds(member):
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_reaction_toggles_and_counts(member_client, member, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()
    url = reverse("forum:post_react", args=[post.pk])

    member_client.post(url, {"kind": "hug"})
    assert Reaction.objects.filter(post=post, member=member, kind="hug").exists()
    page = member_client.get(reverse("forum:thread", args=[post.thread_id]))
    assert page.context["view"].posts[0].reactions == {"hug": 1}
    assert "hug" in page.context["view"].posts[0].mine

    member_client.post(url, {"kind": "hug"})
    assert not Reaction.objects.filter(post=post).exists()


def test_a_silenced_member_cannot_react_but_still_sees_the_counts(
    member_client, member, other_member, moderator, category
):
    post = make_thread(category=category, author=other_member).posts.get()
    Reaction.objects.create(post=post, member=other_member, kind="heart")
    sanction_apply(
        actor=moderator, member=member, kind="silence", reason="Rustig aan", duration=timedelta(1)
    )

    member_client.post(reverse("forum:post_react", args=[post.pk]), {"kind": "hug"})
    page = member_client.get(reverse("forum:thread", args=[post.thread_id])).content.decode()

    assert not Reaction.objects.filter(member=member).exists()
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=User.objects.get(pk=member.pk), post=post, kind="hug")
    assert "data-reaction=" not in page
    assert 'data-reacted="heart"' in page  # the counts, without buttons


def test_there_is_no_downvote(member_client, other_member, category):
    post = make_thread(category=category, author=other_member).posts.get()

    member_client.post(reverse("forum:post_react", args=[post.pk]), {"kind": "downvote"})

    assert not Reaction.objects.exists()
    assert set(Reaction.Kind.values) == {"heart", "hug", "me_too"}


def test_reply_notifies_the_thread_starter(
    django_capture_on_commit_callbacks, member, other_member, category
):
    thread = make_thread(category=category, author=member)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=other_member, thread=thread, body="Ik herken dit")

    assert _kinds(member) == ["reply"]
    notification = Notification.objects.get(recipient=member)
    assert "Ik herken dit" not in notification.text  # never the post's text


def test_watchers_of_thread_and_category_get_one_notification_each(
    django_capture_on_commit_callbacks, member, other_member, category
):
    thread = make_thread(category=category, author=other_member)
    thread_watcher, category_watcher = TrustedMemberFactory(), TrustedMemberFactory()
    services.thread_watch_set(actor=thread_watcher, thread=thread, watching=True)
    services.category_watch_set(actor=category_watcher, category=category, watching=True)
    services.category_watch_set(actor=thread_watcher, category=category, watching=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(actor=member, thread=thread, body="Nieuw")

    assert _kinds(thread_watcher) == ["watched"]
    assert _kinds(category_watcher) == ["watched"]


def test_watch_buttons_switch_watching_on_and_off(member_client, member, category):
    thread = make_thread(category=category)
    url = reverse("forum:thread_watch", args=[thread.pk])

    member_client.post(url, {"watching": "1"})
    assert member.forum_watches.filter(thread=thread).exists()
    member_client.post(url, {"watching": "0"})
    assert not member.forum_watches.exists()


def test_mention_resolves_the_pseudonym_and_notifies(
    django_capture_on_commit_callbacks, member, category
):
    roos = TrustedMemberFactory(username="roos")
    thread = make_thread(category=category)

    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(actor=member, thread=thread, body="Wat denk jij, @Roos?")

    assert list(PostMention.objects.filter(post=post).values_list("member", flat=True)) == [roos.pk]
    assert _kinds(roos) == ["mention"]


def test_quote_stores_the_relation_and_notifies_the_quoted_author(
    django_capture_on_commit_callbacks, member, other_member, category
):
    thread = make_thread(category=category, author=other_member, body="Wijze woorden")
    quoted = thread.posts.get()
    body = quote_token(quoted.pk) + "Eens!"

    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(actor=member, thread=thread, body=body)

    assert PostQuote.objects.filter(post=post, quoted=quoted).exists()
    assert f'data-quoted-post="{quoted.pk}"' in post.body_html
    assert "Wijze woorden" not in post.body  # a reference, not a copy
    assert _kinds(other_member) == ["quote"]  # the more personal reason wins over "reply"


def test_blocked_member_cannot_quote_the_blocker(member, other_member, category):
    thread = make_thread(category=category, author=other_member, body="Van mij")
    quoted = thread.posts.get()
    member_block(actor=other_member, blocked=member)
    body = quote_token(quoted.pk) + "Mee eens"

    with pytest.raises(services.ValidationError) as error:
        services.post_create(actor=member, thread=thread, body=body)

    # The same neutral message as for a hidden or deleted post: the block is not revealed.
    assert error.value.code == "quote_refused"
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_mention_of_a_blocker_is_silently_not_a_mention(
    django_capture_on_commit_callbacks, member, category
):
    roos = TrustedMemberFactory(username="roos")
    member_block(actor=roos, blocked=member)
    thread = make_thread(category=category)

    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(actor=member, thread=thread, body="Hoi @roos")

    assert not PostMention.objects.filter(post=post).exists()
    assert not Notification.objects.filter(recipient=roos).exists()


def test_blocked_members_posts_are_collapsed_for_the_blocker(
    member_client, member, other_member, category
):
    thread = make_thread(category=category, author=other_member, body="Lees mij")

    member_client.post(reverse("forum:post_block", args=[thread.first_post_id]))

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-blocked-post" in page
    assert "<details" in page


def test_blocked_member_sees_nothing_different(client, member, other_member, category):
    thread = make_thread(category=category, author=other_member, body="Lees mij")
    member_block(actor=member, blocked=other_member)

    client.force_login(other_member)
    page = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()

    assert "data-blocked-post" not in page
    assert "data-unblock" not in page


def test_unblock_unfolds_the_posts_again(member_client, member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    member_block(actor=member, blocked=other_member)

    member_client.post(reverse("forum:post_unblock", args=[thread.first_post_id]))

    page = member_client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "data-blocked-post" not in page


def test_staff_watching_a_staff_only_category_are_notified_members_are_not(
    django_capture_on_commit_callbacks,
):
    """Recipients are loaded from the database (no session): a staff role still counts,
    since the page they open asks for their second factor first."""
    staff_room = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)
    moderator, member = ModeratorFactory(), TrustedMemberFactory()
    for watcher in (moderator, member):
        services.category_watch_set(actor=watcher, category=staff_room, watching=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            actor=ModeratorFactory(), category=staff_room, title="Overleg", body="Agenda"
        )

    assert _kinds(moderator) == ["watched"]
    assert _kinds(member) == []
