"""community.policies: staff roles count only in a verified session, and the sanction
state every page and socket reads comes from the account row."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser

from community import policies
from community.moderation.services import sanction_apply, sanction_revoke
from community.roles import Role
from tests.factories import (
    EditorFactory,
    ModeratorFactory,
    PendingUserFactory,
    SuperuserFactory,
    SupportWorkerFactory,
    UserFactory,
)
from tests.helpers import unverified

pytestmark = pytest.mark.django_db

STAFF_CHECKS = [
    (ModeratorFactory, policies.is_moderator),
    (SupportWorkerFactory, policies.is_support_worker),
    (EditorFactory, policies.is_editor),
    (SuperuserFactory, policies.is_moderator),
    (SuperuserFactory, policies.is_editor),
]


@pytest.mark.parametrize(("factory", "check"), STAFF_CHECKS)
def test_a_staff_role_counts_only_in_a_verified_session(factory, check):
    user = factory()

    assert check(user)
    assert not check(unverified(user))
    assert policies.holds_staff_role(user)


@pytest.mark.parametrize(("factory", "check"), STAFF_CHECKS)
def test_a_user_object_without_verification_is_unverified(factory, check):
    user = factory()
    del user.is_verified  # as a shell or a command sees it

    assert not check(user)
    assert check(policies.trusted_session(user))


def test_the_member_role_needs_no_second_factor():
    member = unverified(UserFactory())

    assert policies.has_role(member, Role.MEMBER)
    assert policies.member_may_enter(member)
    assert not policies.holds_staff_role(member)


def test_an_inactive_staff_account_has_no_staff_powers():
    moderator = ModeratorFactory(is_active=False)

    assert not policies.is_moderator(moderator)


def test_visitors_and_pending_accounts_may_not_enter():
    assert not policies.member_may_enter(AnonymousUser())
    assert not policies.member_may_enter(PendingUserFactory())


@pytest.mark.parametrize(
    ("kind", "may_enter", "may_post"),
    [("silence", True, False), ("suspension", False, False), ("ban", False, False)],
)
def test_sanctions_are_read_from_the_account_row(kind, may_enter, may_post):
    member, moderator = UserFactory(), ModeratorFactory()
    duration = None if kind == "ban" else timedelta(hours=1)

    sanction_apply(actor=moderator, member=member, kind=kind, reason="x", duration=duration)
    member.refresh_from_db()

    assert policies.member_may_enter(member) is may_enter
    assert policies.member_may_post(member) is may_post
    sanction_revoke(actor=moderator, sanction=member.moderation_sanctions.get(), reason="y")
    member.refresh_from_db()
    assert policies.member_may_post(member)


def test_a_timed_sanction_ends_by_itself_without_a_job():
    member = UserFactory()
    sanction = sanction_apply(
        actor=ModeratorFactory(),
        member=member,
        kind="suspension",
        reason="x",
        duration=timedelta(days=1),
    )
    assert not policies.member_may_enter(member)

    with mock.patch("django.utils.timezone.now", return_value=sanction.ends_at):
        assert policies.member_may_enter(member)


def test_a_ban_has_no_end():
    member = UserFactory()
    sanction_apply(actor=ModeratorFactory(), member=member, kind="ban", reason="x")

    member.refresh_from_db()
    assert member.suspended_until.year == 9999
    assert not policies.member_may_enter(member)
