from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.models import Block
from community.notifications import selectors
from community.notifications.models import Notification, NotificationPreference
from community.notifications.services import (
    notification_create,
    notification_digest_send,
    notification_preference_set,
    notifications_for_target_delete,
    notifications_mark_read,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_when_someone_replies_then_the_recipient_gets_an_unread_notification():
    author, replier = UserFactory(), UserFactory()

    notification = notification_create(
        recipient=author, kind="reply", actor=replier, url="/forum/t/1/#p2", text="New reply"
    )

    assert notification is not None
    assert selectors.unread_count(author) == 1
    assert selectors.notifications_for(author) == [notification]
    assert selectors.unread_count(replier) == 0


def test_when_recipient_is_the_actor_then_nothing_is_created():
    member = UserFactory()

    assert notification_create(recipient=member, kind="reply", actor=member) is None
    assert Notification.objects.count() == 0


def test_when_recipient_blocked_the_actor_then_nothing_is_created():
    recipient, blocked = UserFactory(), UserFactory()
    Block.objects.create(blocker=recipient, blocked=blocked)

    assert notification_create(recipient=recipient, kind="mention", actor=blocked) is None
    assert Notification.objects.count() == 0


def test_when_actor_blocked_the_recipient_then_the_recipient_is_still_told():
    # Only the recipient's own block silences notifications; the other way round is
    # a moderation decision or reply the recipient should still see.
    recipient, actor = UserFactory(), UserFactory()
    Block.objects.create(blocker=actor, blocked=recipient)

    assert notification_create(recipient=recipient, kind="reply", actor=actor) is not None


def test_system_notifications_without_actor_are_created():
    member = UserFactory()

    notification = notification_create(recipient=member, kind="moderation", text="A decision")

    assert notification is not None
    assert notification.actor is None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"]
)
def test_links_outside_kring_are_refused(url):
    member, other = UserFactory(), UserFactory()

    with pytest.raises(ValueError, match="path inside Kring"):
        notification_create(recipient=member, kind="reply", actor=other, url=url)


def test_kind_must_be_a_slug():
    member = UserFactory()

    with pytest.raises(ValueError, match="slug"):
        notification_create(recipient=member, kind="<b>reply</b>")


def test_text_is_cut_to_one_short_line():
    member = UserFactory()

    notification = notification_create(recipient=member, kind="reply", text="a\nb " + "x" * 500)

    assert "\n" not in notification.text
    assert len(notification.text) == 200
    assert notification.text.startswith("a b x")


def test_mark_read_marks_only_the_members_own_notifications():
    member, other, actor = UserFactory(), UserFactory(), UserFactory()
    mine = notification_create(recipient=member, kind="reply", actor=actor)
    notification_create(recipient=member, kind="mention", actor=actor)
    theirs = notification_create(recipient=other, kind="reply", actor=actor)

    changed = notifications_mark_read(member=member, ids=[mine.pk, theirs.pk])

    assert changed == 1
    assert selectors.unread_count(member) == 1
    assert selectors.unread_count(other) == 1
    assert notifications_mark_read(member=member) == 1
    assert selectors.unread_count(member) == 0


def test_purging_a_target_deletes_its_notifications_for_everyone():
    member, other, actor = UserFactory(), UserFactory(), UserFactory()
    target, unrelated = UserFactory(), UserFactory()  # any model instance can be a target
    notification_create(recipient=member, kind="reply", actor=actor, target=target)
    notification_create(recipient=other, kind="quote", actor=actor, target=target)
    kept = notification_create(recipient=member, kind="reply", actor=actor, target=unrelated)

    deleted = notifications_for_target_delete(target)

    assert deleted == 2
    assert list(Notification.objects.all()) == [kept]


def test_notifications_for_runs_one_query_however_many(django_assert_num_queries):
    member = UserFactory()
    actors = [UserFactory() for _ in range(5)]
    for actor in actors:
        notification_create(recipient=member, kind="reply", actor=actor)

    with django_assert_num_queries(1):
        names = [n.actor.username for n in selectors.notifications_for(member)]

    assert sorted(names) == sorted(a.username for a in actors)


def test_deleted_actor_leaves_the_notification_without_actor():
    member, actor = UserFactory(), UserFactory()
    notification = notification_create(recipient=member, kind="reply", actor=actor)

    actor.delete()

    notification.refresh_from_db()
    assert notification.actor is None


# --- E-mail digest ------------------------------------------------------------------


def _opted_in(email="m@example.org", language="nl"):
    member = UserFactory(email=email)
    notification_preference_set(member=member, email_digest=True, language=language)
    return member


def test_digest_sends_one_neutral_mail_with_counts_and_a_link_only():
    member, actor = _opted_in(), UserFactory(username="luidspreker")
    for _ in range(3):
        notification_create(
            recipient=member, kind="reply", actor=actor, text="Reply in: Mijn verhaal"
        )

    sent = notification_digest_send(base_url="https://kring.example")

    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["m@example.org"]
    assert message.subject == "Je hebt nieuwe berichten"
    assert "3" in message.body
    assert "https://kring.example/notifications/" in message.body
    for leaked in ("Mijn verhaal", "luidspreker", member.username, "forum", "sekswerk"):
        assert leaked not in message.body
        assert leaked not in message.subject


def test_digest_is_written_in_the_members_language():
    member = _opted_in(language="en")
    notification_create(recipient=member, kind="reply", actor=UserFactory())

    notification_digest_send(base_url="https://kring.example")

    assert mail.outbox[0].subject == "You have new messages"


def test_digest_is_not_sent_twice_for_the_same_notifications():
    member = _opted_in()
    notification_create(recipient=member, kind="reply", actor=UserFactory())
    notification_digest_send(base_url="https://k.example")

    assert notification_digest_send(base_url="https://k.example") == 0

    notification_create(recipient=member, kind="mention", actor=UserFactory())
    later = timezone.now() + timedelta(seconds=1)
    assert notification_digest_send(base_url="https://k.example", now=later) == 1
    assert "1" in mail.outbox[-1].body


def test_digest_skips_members_who_did_not_opt_in_read_everything_or_have_no_email():
    not_opted = UserFactory(email="n@example.org")
    read_all = _opted_in(email="r@example.org")
    no_email = _opted_in(email="x@example.org")
    for member in (not_opted, read_all, no_email):
        notification_create(recipient=member, kind="reply", actor=UserFactory())
    notifications_mark_read(member=read_all)
    no_email.email = ""
    no_email.save()

    assert notification_digest_send(base_url="https://k.example") == 0
    assert mail.outbox == []


def test_opting_in_without_email_is_refused():
    with pytest.raises(ValueError, match="e-mail address"):
        notification_preference_set(member=UserFactory(), email_digest=True)
    assert NotificationPreference.objects.count() == 0


def test_management_command_sends_the_digest():
    member = _opted_in()
    notification_create(recipient=member, kind="reply", actor=UserFactory())

    call_command("send_notification_digest", "--base-url", "https://k.example", stdout=None)

    assert len(mail.outbox) == 1
