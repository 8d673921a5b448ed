"""The shared factories make the accounts their names promise."""

import pytest
from django.test import Client

from community.policies import is_approved_member, is_moderator
from tests.factories import (
    DEFAULT_PASSWORD,
    ModeratorFactory,
    PendingUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_user_factory_makes_an_approved_member_in_the_member_group():
    member = UserFactory()
    assert is_approved_member(member)
    assert list(member.groups.values_list("name", flat=True)) == ["member"]


def test_pending_user_factory_makes_an_account_without_access():
    pending = PendingUserFactory()
    assert not is_approved_member(pending)
    assert not pending.groups.exists()


def test_moderator_factory_makes_a_moderator_who_can_log_in():
    moderator = ModeratorFactory()
    assert is_moderator(moderator)
    assert Client().login(username=moderator.username, password=DEFAULT_PASSWORD)
