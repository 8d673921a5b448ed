import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community.audit.models import AuditLog
from community.moderation.selectors import appeals_for_moderator
from community.moderation.services import appeal_create, appeal_decide, sanction_apply
from community.policies import member_may_post
from tests.factories import ModeratorFactory, UserFactory


@pytest.fixture
def ban(member, moderator):
    return sanction_apply(actor=moderator, member=member, kind="ban", reason="x")


def test_an_appeal_goes_to_a_different_moderator(member, moderator, ban):
    other = ModeratorFactory()

    appeal = appeal_create(member=member, sanction=ban, text="Het was een misverstand.")

    assert appeal.assigned_to == other
    assert list(appeals_for_moderator(moderator=other)) == [appeal]
    assert list(appeals_for_moderator(moderator=moderator)) == []
    assert AuditLog.objects.filter(action="community.sanction.appealed").count() == 1


def test_a_member_appeals_once_per_decision(member, ban):
    appeal_create(member=member, sanction=ban, text="Eerste keer.")

    with pytest.raises(ValidationError):
        appeal_create(member=member, sanction=ban, text="Nog een keer.")


def test_only_the_sanctioned_member_can_appeal(ban):
    with pytest.raises(PermissionDenied):
        appeal_create(member=UserFactory(), sanction=ban, text="Namens haar.")


def test_the_deciding_moderator_cannot_decide_the_appeal(member, moderator, ban):
    appeal = appeal_create(member=member, sanction=ban, text="Onterecht.")

    with pytest.raises(PermissionDenied):
        appeal_decide(actor=moderator, appeal=appeal, outcome="overturned", reason="eigen")

    appeal.refresh_from_db()
    assert appeal.decided_at is None


def test_overturning_lifts_the_sanction_and_is_repeat_safe(member, moderator, ban):
    second = ModeratorFactory()
    appeal = appeal_create(member=member, sanction=ban, text="Onterecht.")

    assert appeal_decide(actor=second, appeal=appeal, outcome="overturned", reason="Klopt.")
    assert not appeal_decide(actor=second, appeal=appeal, outcome="upheld", reason="Toch niet.")

    appeal.refresh_from_db()
    assert appeal.outcome == "overturned"
    member.refresh_from_db()
    assert member_may_post(member)
    assert AuditLog.objects.filter(action="community.appeal.overturned").count() == 1
    assert AuditLog.objects.filter(action="community.member.sanction_revoked").count() == 1


def test_upholding_keeps_the_sanction(member, moderator, ban):
    appeal = appeal_create(member=member, sanction=ban, text="Onterecht.")

    appeal_decide(actor=ModeratorFactory(), appeal=appeal, outcome="upheld", reason="Blijft.")

    assert not member_may_post(member)
    assert AuditLog.objects.filter(action="community.appeal.upheld").count() == 1


def test_members_cannot_decide_appeals(member, ban):
    appeal = appeal_create(member=member, sanction=ban, text="Onterecht.")

    with pytest.raises(PermissionDenied):
        appeal_decide(actor=UserFactory(), appeal=appeal, outcome="overturned", reason="x")
