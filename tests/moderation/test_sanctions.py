from datetime import timedelta
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.audit.models import AuditLog
from community.moderation.models import ModeratorNote, Sanction
from community.moderation.selectors import active_sanction_for
from community.moderation.services import (
    member_group_name,
    note_create,
    sanction_apply,
    sanction_revoke,
)
from community.policies import member_is_excluded, member_may_post
from tests.factories import ModeratorFactory, PendingUserFactory, UserFactory


@pytest.mark.parametrize(
    ("kind", "duration", "verb", "can_post", "excluded"),
    [
        ("warning", None, "warned", True, False),
        ("silence", timedelta(hours=24), "silenced", False, False),
        ("suspension", timedelta(days=7), "suspended", False, True),
        ("ban", None, "banned", False, True),
    ],
)
def test_sanctions_ladder(member, moderator, kind, duration, verb, can_post, excluded):
    sanction = sanction_apply(
        actor=moderator,
        member=member,
        kind=kind,
        reason="Je deelde iemands adres.",
        staff_note="Tweede keer.",
        duration=duration,
    )

    assert member_may_post(member) is can_post
    assert member_is_excluded(member) is excluded
    entry = AuditLog.objects.get(action=f"community.member.{verb}")
    assert entry.actor == moderator
    assert entry.target_object_id == str(member.pk)
    assert entry.reason == "Je deelde iemands adres."
    if duration:
        assert sanction.ends_at == sanction.starts_at + duration


def test_pending_members_cannot_post_either(db):
    assert member_may_post(PendingUserFactory()) is False


def test_a_sanction_expires_by_itself(member, moderator):
    sanction = sanction_apply(
        actor=moderator,
        member=member,
        kind="silence",
        reason="Even pauze.",
        duration=timedelta(hours=1),
    )
    assert not member_may_post(member)

    an_hour_later = sanction.ends_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=an_hour_later):
        member.refresh_from_db()
        assert member_may_post(member)
        assert active_sanction_for(member) is None


def test_the_most_severe_active_sanction_wins(member, moderator):
    sanction_apply(
        actor=moderator, member=member, kind="silence", reason="a", duration=timedelta(days=1)
    )
    sanction_apply(actor=moderator, member=member, kind="ban", reason="b")

    assert active_sanction_for(member).kind == "ban"


def test_a_double_submitted_sanction_is_applied_once(member, moderator):
    first = sanction_apply(
        actor=moderator, member=member, kind="silence", reason="x", duration=timedelta(days=1)
    )
    second = sanction_apply(
        actor=moderator, member=member, kind="silence", reason="x", duration=timedelta(days=1)
    )

    assert first.pk == second.pk
    assert AuditLog.objects.filter(action="community.member.silenced").count() == 1


def test_silence_and_suspension_need_a_duration_and_a_reason(member, moderator):
    with pytest.raises(ValidationError):
        sanction_apply(actor=moderator, member=member, kind="silence", reason="x")
    with pytest.raises(ValidationError):
        sanction_apply(actor=moderator, member=member, kind="ban", reason="  ")
    with pytest.raises(ValidationError):
        sanction_apply(actor=moderator, member=moderator, kind="warning", reason="ik")


def test_only_moderators_sanction(member):
    with pytest.raises(PermissionDenied):
        sanction_apply(actor=member, member=UserFactory(), kind="warning", reason="x")
    assert not Sanction.objects.exists()


def test_revoking_ends_the_sanction_and_is_repeat_safe(member, moderator):
    sanction = sanction_apply(actor=moderator, member=member, kind="ban", reason="x")

    assert sanction_revoke(actor=moderator, sanction=sanction, reason="vergissing") is True
    assert sanction_revoke(actor=moderator, sanction=sanction, reason="vergissing") is False

    member.refresh_from_db()
    assert member_may_post(member)
    assert AuditLog.objects.filter(action="community.member.sanction_revoked").count() == 1
    with pytest.raises(PermissionDenied):
        sanction_revoke(actor=member, sanction=sanction, reason="")


def test_the_member_is_notified_with_a_neutral_text(member, moderator):
    from community.notifications.models import Notification

    sanction_apply(actor=moderator, member=member, kind="warning", reason="Geheime reden")

    notification = Notification.objects.get(recipient=member)
    assert notification.kind == "moderation"
    assert notification.url == reverse("moderation:my_sanctions")
    assert "Geheime" not in notification.text


def test_open_connections_get_member_sanctioned_after_commit(
    member, moderator, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(member_group_name(member.pk), channel)

    with django_capture_on_commit_callbacks(execute=True):
        sanction_apply(
            actor=moderator,
            member=member,
            kind="suspension",
            reason="x",
            duration=timedelta(days=3),
        )

    message = async_to_sync(layer.receive)(channel)
    assert message["type"] == "member.sanctioned"
    assert message["kind"] == "suspension"
    assert member_group_name(member.pk) == f"member-{member.pk}"


def test_no_message_is_sent_when_the_transaction_rolls_back(
    member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sanction_apply(actor=moderator, member=member, kind="ban", reason="x")

    assert len(callbacks) == 1  # deferred to commit, not sent inside the transaction


def test_a_suspended_member_is_refused_on_members_only_pages_and_sees_the_reason(
    client, member, moderator
):
    sanction_apply(
        actor=moderator,
        member=member,
        kind="suspension",
        reason="Je bedreigde iemand.",
        staff_note="Alleen voor staf",
        duration=timedelta(days=3),
    )
    client.force_login(member)

    refused = client.get(reverse("forum:index"))
    assert refused.status_code == 302
    assert refused.url == reverse("moderation:my_sanctions")

    page = client.get(reverse("moderation:my_sanctions"))
    assert page.status_code == 200
    assert "Je bedreigde iemand." in page.content.decode()
    assert "Alleen voor staf" not in page.content.decode()


def test_a_silenced_member_can_still_read(client, member, moderator):
    sanction_apply(
        actor=moderator, member=member, kind="silence", reason="x", duration=timedelta(days=1)
    )
    client.force_login(member)

    assert client.get(reverse("forum:index")).status_code == 200


def test_notes_are_written_by_moderators_only_and_audited(member, moderator):
    note = note_create(actor=moderator, member=member, text="Was eerder boos in de chat.")

    assert note.author == moderator
    assert AuditLog.objects.filter(action="community.member.note_added").count() == 1
    with pytest.raises(PermissionDenied):
        note_create(actor=UserFactory(), member=member, text="x")
    assert ModeratorNote.objects.count() == 1


def test_other_moderators_can_sanction_each_other_but_not_themselves(db):
    first, second = ModeratorFactory(), ModeratorFactory()

    sanction_apply(actor=first, member=second, kind="warning", reason="x")

    with pytest.raises(ValidationError):
        sanction_apply(actor=first, member=first, kind="warning", reason="x")
