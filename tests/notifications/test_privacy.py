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


def test_a_notification_about_another_member_names_them_from_the_account_row():
    member, frank = UserFactory(), UserFactory(username="frank")
    notification = notification_create(recipient=member, kind="mention", actor=frank)

    assert notification.text == ""
    assert "@frank" in notification.display_text

    _source().erase(frank)
    notification.refresh_from_db()

    assert "frank" not in notification.display_text
    assert notification.display_text  # "A former member mentioned you"


def test_the_migration_forgets_names_stored_in_old_notification_texts():
    import importlib

    from django.apps import apps

    member, frank = UserFactory(), UserFactory(username="frank")
    old = notification_create(
        recipient=member, kind="mention", actor=frank, text="@frank mentioned you"
    )
    neutral = notification_create(recipient=member, kind="moderation", text="A decision")
    migration = importlib.import_module(
        "community.notifications.migrations.0002_actor_texts_rendered_from_actor"
    )

    migration.forget_stored_names(apps, None)

    old.refresh_from_db()
    neutral.refresh_from_db()
    assert old.text == ""
    assert neutral.text == "A decision"
