import pytest
from django.urls import reverse

from community.notifications import selectors
from community.notifications.models import NotificationPreference
from community.notifications.services import notification_create
from tests.factories import PendingUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_visitors_are_sent_to_login_and_pending_members_to_the_waiting_page(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    client.force_login(PendingUserFactory())
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")


def test_header_bell_shows_unread_count_for_members(client):
    member = UserFactory()
    for _ in range(2):
        notification_create(recipient=member, kind="reply", actor=UserFactory())
    client.force_login(member)

    response = client.get("/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="notification-bell notification-bell--unread"' in html
    assert "2 nieuwe meldingen" in html
    assert 'content="noindex, nofollow"' in html


def test_header_has_no_bell_and_no_query_for_visitors(client, django_assert_max_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    template = Template("{% load notifications_tags %}{% notification_bell %}")
    with django_assert_max_num_queries(0):
        html = template.render(Context({"user": AnonymousUser()}))
    assert "notification-bell" not in html


def test_list_page_shows_notifications_and_marks_one_as_read(client):
    member, actor = UserFactory(), UserFactory(username="schrijver")
    first = notification_create(
        recipient=member, kind="reply", actor=actor, url="/forum/", text="Nieuwe reactie"
    )
    notification_create(recipient=member, kind="mention", actor=actor, text="Genoemd")
    client.force_login(member)

    html = client.get("/notifications/").content.decode()
    assert "Nieuwe reactie" in html
    assert "Genoemd" in html
    assert "schrijver" in html

    response = client.post("/notifications/read/", {"id": first.pk})
    assert response.status_code == 302
    assert selectors.unread_count(member) == 1

    client.post("/notifications/read/")
    assert selectors.unread_count(member) == 0


def test_opening_a_notification_marks_it_read_and_follows_its_link(client):
    member = UserFactory()
    notification = notification_create(
        recipient=member, kind="reply", actor=UserFactory(), url="/forum/t/9/#p3"
    )
    client.force_login(member)

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/forum/t/9/#p3"
    assert selectors.unread_count(member) == 0


def test_members_cannot_open_or_mark_others_notifications(client):
    owner, intruder = UserFactory(), UserFactory()
    notification = notification_create(recipient=owner, kind="reply", actor=UserFactory())
    client.force_login(intruder)

    # (LocaleMiddleware may first redirect a 404 to the /nl/ path; it ends in a 404.)
    assert client.get(f"/notifications/{notification.pk}/", follow=True).status_code == 404
    assert selectors.unread_count(owner) == 1
    client.post("/notifications/read/", {"id": notification.pk})
    assert selectors.unread_count(owner) == 1


def test_list_page_runs_constant_queries(client, django_assert_max_num_queries):
    member = UserFactory()
    client.force_login(member)
    for _ in range(3):
        notification_create(recipient=member, kind="reply", actor=UserFactory())
    client.get("/notifications/")  # warm up sessions, content types
    with django_assert_max_num_queries(12) as few:
        client.get("/notifications/")
    for _ in range(30):
        notification_create(recipient=member, kind="reply", actor=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/notifications/")


def test_member_with_email_can_opt_in_to_the_digest(client):
    member = UserFactory(email="m@example.org")
    client.force_login(member)

    client.post("/notifications/preferences/", {"email_digest": "on"})

    preference = NotificationPreference.objects.get(member=member)
    assert preference.email_digest is True
    assert preference.language == "nl"

    client.post("/notifications/preferences/", {})
    preference.refresh_from_db()
    assert preference.email_digest is False


def test_member_without_email_cannot_opt_in(client):
    member = UserFactory()
    client.force_login(member)

    html = client.get("/notifications/").content.decode()
    assert 'name="email_digest"' not in html
    assert client.post("/notifications/preferences/", {"email_digest": "on"}).status_code == 400
