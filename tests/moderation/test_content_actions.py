"""Every content action: repeat-safe, audited, moderators only."""

import pytest
from django.core.exceptions import PermissionDenied

from community.audit.models import AuditLog
from community.moderation.models import ReviewItem
from community.moderation.services import (
    content_approve,
    content_edit,
    content_hide,
    content_hold,
    content_purge,
    content_reject,
    content_restore,
)


def _actions(action: str) -> int:
    return AuditLog.objects.filter(action=action).count()


def test_held_content_is_in_the_queue_and_the_author_sees_why(make_post):
    post = make_post()

    assert content_hold(post, reason="Bevat misschien een telefoonnummer.") is True

    post.refresh_from_db()
    assert post.moderation_state == "held"
    assert post.moderation_reason == "Bevat misschien een telefoonnummer."
    assert ReviewItem.objects.get(object_id=str(post.pk)).status == "open"
    assert _actions("forum.post.held") == 1


def test_holding_twice_changes_nothing_the_second_time(make_post):
    post = make_post()
    content_hold(post, reason="first posts")

    assert content_hold(post, reason="first posts") is False
    assert _actions("forum.post.held") == 1
    assert ReviewItem.objects.filter(object_id=str(post.pk)).count() == 1


def test_approving_held_content_publishes_it_once(make_post, moderator):
    post = make_post()
    content_hold(post, reason="first posts")

    assert content_approve(post, actor=moderator, reason="ok") is True
    assert content_approve(post, actor=moderator, reason="ok") is False

    post.refresh_from_db()
    assert post.moderation_state == "visible"
    assert post.moderation_reason == ""
    assert _actions("forum.post.approved") == 1
    assert ReviewItem.objects.get(object_id=str(post.pk)).status == "closed"


def test_rejecting_held_content_keeps_it_from_others_and_tells_the_author_why(make_post, moderator):
    post = make_post()
    content_hold(post, reason="first posts")

    assert content_reject(post, actor=moderator, reason="Reclame.") is True
    assert content_reject(post, actor=moderator, reason="Reclame.") is False

    post.refresh_from_db()
    assert post.moderation_state == "hidden"
    assert post.moderation_reason == "Reclame."
    assert _actions("forum.post.rejected") == 1


def test_hide_and_restore_are_reversible_and_repeat_safe(make_post, moderator):
    post = make_post()

    assert content_hide(post, actor=moderator, reason="Bedreigend.") is True
    assert content_hide(post, actor=moderator, reason="Bedreigend.") is False
    post.refresh_from_db()
    assert post.moderation_state == "hidden"
    assert post.hidden_at is not None

    assert content_restore(post, actor=moderator, reason="Toch in orde.") is True
    assert content_restore(post, actor=moderator, reason="Toch in orde.") is False
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    assert post.hidden_at is None
    assert _actions("forum.post.hidden") == 1
    assert _actions("forum.post.restored") == 1


def test_hiding_tells_the_author_without_quoting_the_post(make_post, moderator):
    from community.notifications.models import Notification

    post = make_post(body="Mijn geheime verhaal")

    content_hide(post, actor=moderator, reason="Bedreigend.")

    notification = Notification.objects.get(recipient=post.author)
    assert notification.kind == "moderation"
    assert "geheime" not in notification.text
    assert notification.actor_id is None  # the moderator stays anonymous


def test_moderator_edit_changes_the_text_and_is_audited(make_post, moderator):
    post = make_post(body="Bel me op 06-12345678")

    assert content_edit(post, actor=moderator, text="Bel me [verwijderd]", reason="nummer") is True
    assert content_edit(post, actor=moderator, text="Bel me [verwijderd]", reason="nummer") is False

    post.refresh_from_db()
    assert post.body == "Bel me [verwijderd]"
    assert _actions("forum.post.edited") == 1
    assert "06-12345678" not in str(list(AuditLog.objects.values_list("reason", "data")))


def test_purge_removes_the_post_its_reports_and_notifications_and_keeps_ids(
    make_post, moderator, member
):
    from community.moderation.models import Report
    from community.moderation.services import report_create
    from community.notifications.models import Notification
    from community.notifications.services import notification_create
    from forum.models import Post

    post = make_post(body="Ze woont op Kerkstraat 12")
    report_create(reporter=member, target=post, reason="personal_information")
    notification_create(recipient=member, kind="reply", target=post, text="Nieuwe reactie")
    post_id = post.pk

    assert content_purge(post, actor=moderator, reason="doxxing") is True
    assert content_purge(post, actor=moderator, reason="doxxing") is False

    assert not Post.objects.filter(pk=post_id).exists()
    assert not Report.objects.exists()
    assert not ReviewItem.objects.filter(object_id=str(post_id)).exists()
    assert not Notification.objects.filter(target_object_id=str(post_id)).exists()
    entry = AuditLog.objects.get(action="forum.post.purged")
    assert entry.target_object_id == str(post_id)
    assert "Kerkstraat" not in str(
        list(AuditLog.objects.values_list("reason", "data", "target_label"))
    )


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        (content_approve, {"reason": ""}),
        (content_reject, {"reason": "x"}),
        (content_hide, {"reason": "x"}),
        (content_restore, {"reason": "x"}),
        (content_purge, {"reason": "x"}),
        (content_edit, {"text": "nieuw", "reason": "x"}),
    ],
)
def test_members_who_are_not_moderators_cannot_act_on_content(make_post, member, action, kwargs):
    post = make_post(state="held")

    with pytest.raises(PermissionDenied):
        action(post, actor=member, **kwargs)

    post.refresh_from_db()
    assert post.moderation_state == "held"
    assert post.body == "Een verhaal over vandaag."
    assert not AuditLog.objects.exclude(action__endswith=".held").exists()


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "audit"),
    [
        ("visible", content_hold, {"reason": "x"}, "forum.post.held"),
        ("held", content_approve, {"reason": "ok"}, "forum.post.approved"),
        ("held", content_reject, {"reason": "nee"}, "forum.post.rejected"),
        ("visible", content_hide, {"reason": "weg"}, "forum.post.hidden"),
        ("hidden", content_restore, {"reason": "terug"}, "forum.post.restored"),
        ("visible", content_edit, {"text": "Nieuw", "reason": "x"}, "forum.post.edited"),
        ("visible", content_purge, {"reason": "weg"}, "forum.post.purged"),
    ],
)
def test_every_content_action_done_twice_writes_one_audit_entry(
    make_post, moderator, state, action, kwargs, audit
):
    post = make_post(state=state)
    if action is not content_hold:
        kwargs = {"actor": moderator, **kwargs}
    if state == "held":
        content_hold(post, reason="first posts")

    assert action(post, **kwargs) is True
    assert action(post, **kwargs) is False

    assert _actions(audit) == 1
