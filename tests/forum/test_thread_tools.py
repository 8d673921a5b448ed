"""Moderators' thread tools: each one works and writes an audit entry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.audit.models import AuditLog
from forum import services
from forum.models import Thread
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, make_thread

pytestmark = pytest.mark.django_db


def _audit(action):
    return AuditLog.objects.filter(action=action)


@pytest.mark.parametrize(
    ("tool", "field", "value", "action"),
    [
        (services.thread_lock, "is_locked", True, "forum.thread.locked"),
        (services.thread_pin, "is_pinned", True, "forum.thread.pinned"),
    ],
)
def test_lock_and_pin_change_the_thread_and_are_audited(
    moderator, category, tool, field, value, action
):
    thread = make_thread(category=category)

    tool(actor=moderator, thread=thread, reason="Omdat het moet")

    thread.refresh_from_db()
    assert getattr(thread, field) is value
    entry = _audit(action).get()
    assert entry.actor == moderator
    assert entry.reason == "Omdat het moet"
    assert entry.target_object_id == str(thread.pk)


def test_unlock_and_unpin_are_audited_too(moderator, category):
    thread = make_thread(category=category)
    services.thread_lock(actor=moderator, thread=thread)
    services.thread_unlock(actor=moderator, thread=thread)
    services.thread_pin(actor=moderator, thread=thread)
    services.thread_unpin(actor=moderator, thread=thread)

    thread.refresh_from_db()
    assert not thread.is_locked
    assert not thread.is_pinned
    assert _audit("forum.thread.unlocked").count() == 1
    assert _audit("forum.thread.unpinned").count() == 1


def test_members_cannot_use_thread_tools(member, category):
    thread = make_thread(category=category)

    with pytest.raises(services.PermissionDenied):
        services.thread_lock(actor=member, thread=thread)


def test_pinned_threads_come_first_in_the_list(member_client, moderator, category):
    old = make_thread(category=category, title="Oud")
    make_thread(category=category, title="Nieuw")
    services.thread_pin(actor=moderator, thread=old)

    page = member_client.get(reverse("forum:category", args=[category.pk])).context["page"]

    assert next(iter(page)).pk == old.pk


def test_move_changes_category_and_both_counters(moderator, category):
    thread = make_thread(category=category, replies=2)
    target = CategoryFactory()

    services.thread_move(actor=moderator, thread=thread, category=target, reason="Past beter")

    category.refresh_from_db()
    target.refresh_from_db()
    assert Thread.objects.get(pk=thread.pk).category == target
    assert (category.thread_count, target.thread_count, target.post_count) == (0, 1, 3)
    assert _audit("forum.thread.moved").get().data == {"from": category.pk, "to": target.pk}


def test_close_at_and_slow_mode_are_audited(moderator, category):
    thread = make_thread(category=category)

    services.thread_close_at(
        actor=moderator, thread=thread, closes_at=timezone.now() + timedelta(days=1)
    )
    services.thread_slow_mode(actor=moderator, thread=thread, minutes=15)

    thread.refresh_from_db()
    assert not thread.is_closed
    assert thread.slow_mode_minutes == 15
    assert _audit("forum.thread.close_scheduled").exists()
    assert _audit("forum.thread.slow_mode").exists()


def test_split_moves_chosen_replies_into_a_new_thread(moderator, category):
    thread = make_thread(category=category, replies=3)
    replies = list(thread.posts.order_by("id"))[1:]

    new = services.thread_split(
        actor=moderator,
        thread=thread,
        post_ids=[replies[1].pk, replies[2].pk],
        title="Afgesplitst",
        reason="Ander onderwerp",
    )

    thread.refresh_from_db()
    assert thread.post_count == 2
    assert new.post_count == 2
    assert new.first_post_id == replies[1].pk
    assert new.is_visible
    assert _audit("forum.thread.split").get().data["new_thread"] == new.pk


def test_split_never_moves_the_opening_post(moderator, category):
    thread = make_thread(category=category)

    with pytest.raises(services.ValidationError):
        services.thread_split(
            actor=moderator, thread=thread, post_ids=[thread.first_post_id], title="x"
        )


def test_merge_moves_all_posts_and_removes_the_source(moderator, category):
    source = make_thread(category=category, replies=1)
    source_id = source.pk
    target = make_thread(category=category, replies=1)

    services.thread_merge(actor=moderator, source=source, target=target, reason="Dubbel")

    target.refresh_from_db()
    assert not Thread.objects.filter(pk=source_id).exists()
    assert target.post_count == 4
    assert _audit("forum.thread.merged").get().data == {"merged_thread": source_id}


def _verified_login(client, user):
    """Log in with a verified second factor, as django-otp records it in the session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_thread_tools_page_applies_an_action(client, moderator, category):
    thread = make_thread(category=category)
    _verified_login(client, moderator)

    response = client.post(
        reverse("forum:thread_tools", args=[thread.pk]),
        {"action": "lock", "reason": "Te fel"},
    )

    assert response["Location"] == reverse("forum:thread", args=[thread.pk])
    assert Thread.objects.get(pk=thread.pk).is_locked
    assert _audit("forum.thread.locked").get().reason == "Te fel"


def test_thread_tools_need_a_verified_second_factor(client, moderator, member, category):
    """Outside the staff areas an unverified moderator is an ordinary member: the tools
    answer them as they answer a member (not found), and nothing changes."""
    thread = make_thread(category=category)
    url = reverse("forum:thread_tools", args=[thread.pk])
    client.force_login(member)
    as_member = client.post(url, {"action": "lock", "reason": "x"}, follow=True)
    client.force_login(moderator)

    response = client.post(url, {"action": "lock", "reason": "x"}, follow=True)

    assert response.status_code == as_member.status_code == 404
    assert response.redirect_chain == as_member.redirect_chain
    assert not Thread.objects.get(pk=thread.pk).is_locked


def test_split_page_moves_the_chosen_replies(client, moderator, category):
    thread = make_thread(category=category, replies=2)
    reply = thread.posts.order_by("id").last()
    _verified_login(client, moderator)

    client.post(
        reverse("forum:thread_split", args=[thread.pk]),
        {"title": "Nieuw onderwerp", "posts": [reply.pk], "reason": "Ander onderwerp"},
    )

    reply.refresh_from_db()
    assert reply.thread_id != thread.pk
    assert reply.thread.title == "Nieuw onderwerp"


def test_thread_tools_page_is_not_found_for_members(member_client, category):
    thread = make_thread(category=category)

    response = member_client.get(reverse("forum:thread_tools", args=[thread.pk]), follow=True)

    assert response.status_code == 404


# --- Repeat-safe: the same tool twice changes nothing the second time ----------------------

_TOMORROW = timezone.now() + timedelta(days=1)


@pytest.mark.parametrize(
    ("before", "tool", "kwargs", "action"),
    [
        (None, services.thread_lock, {}, "forum.thread.locked"),
        (services.thread_lock, services.thread_unlock, {}, "forum.thread.unlocked"),
        (None, services.thread_pin, {}, "forum.thread.pinned"),
        (services.thread_pin, services.thread_unpin, {}, "forum.thread.unpinned"),
        (None, services.thread_close_at, {"closes_at": _TOMORROW}, "forum.thread.close_scheduled"),
        (None, services.thread_slow_mode, {"minutes": 15}, "forum.thread.slow_mode"),
    ],
)
def test_a_thread_tool_used_twice_writes_one_audit_entry(
    moderator, category, before, tool, kwargs, action
):
    thread = make_thread(category=category)
    if before is not None:
        before(actor=moderator, thread=thread)

    tool(actor=moderator, thread=thread, reason="Eén keer", **kwargs)
    tool(actor=moderator, thread=Thread.objects.get(pk=thread.pk), reason="Eén keer", **kwargs)

    assert _audit(action).count() == 1


def test_locking_a_thread_locked_by_another_moderator_writes_no_entry(moderator, category):
    thread = make_thread(category=category)
    stale_copy = Thread.objects.get(pk=thread.pk)
    services.thread_lock(actor=ModeratorFactory(), thread=thread)

    services.thread_lock(actor=moderator, thread=stale_copy)

    assert _audit("forum.thread.locked").count() == 1
    assert Thread.objects.get(pk=thread.pk).is_locked


def test_moving_twice_writes_one_audit_entry(moderator, category):
    thread = make_thread(category=category)
    target = CategoryFactory()

    services.thread_move(actor=moderator, thread=thread, category=target)
    services.thread_move(actor=moderator, thread=Thread.objects.get(pk=thread.pk), category=target)

    assert _audit("forum.thread.moved").count() == 1


def test_splitting_the_same_replies_twice_makes_one_new_thread(moderator, category):
    thread = make_thread(category=category, replies=2)
    reply_ids = list(thread.posts.order_by("id").values_list("pk", flat=True))[1:]
    services.thread_split(actor=moderator, thread=thread, post_ids=reply_ids, title="Apart")

    with pytest.raises(services.ValidationError):
        services.thread_split(actor=moderator, thread=thread, post_ids=reply_ids, title="Apart")

    assert _audit("forum.thread.split").count() == 1
    assert Thread.objects.filter(title="Apart").count() == 1


def test_merging_twice_writes_one_audit_entry(moderator, category):
    source = make_thread(category=category, replies=1)
    target = make_thread(category=category)
    stale_source = Thread.objects.get(pk=source.pk)
    services.thread_merge(actor=moderator, source=source, target=target)

    services.thread_merge(actor=moderator, source=stale_source, target=target)

    target.refresh_from_db()
    assert _audit("forum.thread.merged").count() == 1
    assert target.post_count == 3
