import pytest

from community.notifications.models import Notification, NotificationPreference
from community.notifications.services import notification_create, notification_preference_set
from community.registries.member_data import member_data_sources
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _source():
    return next(source for source in member_data_sources() if source.name == "notifications")


def test_export_lists_the_members_notifications_and_digest_choice():
    member = UserFactory(email="m@example.org")
    notification_create(recipient=member, kind="reply", actor=UserFactory(), text="Nieuw")
    notification_preference_set(member=member, email_digest=True)

    data = _source().export(member)

    assert [n["text"] for n in data["notifications"]] == ["Nieuw"]
    assert data["email_digest"] is True


def test_erase_removes_own_notifications_and_the_actor_from_others():
    member, other = UserFactory(email="m@example.org"), UserFactory()
    notification_create(recipient=member, kind="reply", actor=other)
    notification_preference_set(member=member, email_digest=True)
    theirs = notification_create(recipient=other, kind="reply", actor=member)

    _source().erase(member)

    assert not Notification.objects.filter(recipient=member).exists()
    assert not NotificationPreference.objects.filter(member=member).exists()
    theirs.refresh_from_db()
    assert theirs.actor is None
