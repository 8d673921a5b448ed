"""The member's settings page: private messages, discreet mode, blocked members, and
where they are signed in (by time only), with "log out everywhere"."""

import re

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.sessions.models import Session
from django.test import Client

from community.models import Block, MemberSession
from community.realtime import session_group_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = "/account/settings/"
PASSWORD = "een lang en geheim wachtwoord"


def _log_in(client: Client, member, *, remember: bool = False):
    data = {"login": member.username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302, response.content
    return response


@pytest.fixture
def member_with_password(db):
    member = UserFactory()
    member.set_password(PASSWORD)
    member.save()
    return member


def test_visitors_are_sent_to_log_in(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_private_messages_are_off_and_discreet_mode_on_for_a_new_member(member_client, member):
    html = member_client.get(SETTINGS).content.decode()

    assert not member.accepts_direct_messages
    assert member.discreet_mode
    direct = re.search(r'<input[^>]*name="accepts_direct_messages"[^>]*>', html).group(0)
    discreet = re.search(r'<input[^>]*name="discreet_mode"[^>]*>', html).group(0)
    assert "checked" not in direct
    assert "checked" in discreet


def test_a_member_turns_private_messages_on_and_discreet_mode_off(member_client, member):
    response = member_client.post(SETTINGS, {"accepts_direct_messages": "on"}, follow=True)

    member.refresh_from_db()
    assert member.accepts_direct_messages
    assert not member.discreet_mode
    assert response.status_code == 200


def test_blocked_members_are_listed_and_can_be_unblocked(member_client, member, other_member):
    Block.objects.create(blocker=member, blocked=other_member)

    assert other_member.username in member_client.get(SETTINGS).content.decode()
    member_client.post(f"/account/settings/unblock/{other_member.pk}/")

    assert not Block.objects.filter(blocker=member).exists()


def test_unblocking_only_touches_ones_own_blocks(member_client, member, other_member):
    third = UserFactory()
    Block.objects.create(blocker=third, blocked=other_member)

    member_client.post(f"/account/settings/unblock/{other_member.pk}/")

    assert Block.objects.filter(blocker=third, blocked=other_member).exists()


def test_each_sign_in_is_listed_by_time_and_ends_with_logout(client, member_with_password):
    _log_in(client, member_with_password)
    other_browser = Client()
    _log_in(other_browser, member_with_password)

    rows = MemberSession.objects.filter(member=member_with_password)
    assert rows.count() == 2
    assert {field.name for field in MemberSession._meta.get_fields()} == {
        "id",
        "member",
        "session_key",
        "signed_in_at",
    }
    html = client.get(SETTINGS).content.decode()
    assert html.count("Signed in on") + html.count("Ingelogd op") == 2

    other_browser.post("/accounts/logout/")
    assert rows.count() == 1


def test_log_out_everywhere_ends_every_session_of_the_member_only(client, member_with_password):
    _log_in(client, member_with_password)
    other_browser = Client()
    _log_in(other_browser, member_with_password)
    someone_else = Client()
    someone_else.force_login(UserFactory())
    sessions_before = Session.objects.count()

    response = client.post("/account/settings/sessions/end/")

    assert response.status_code == 302
    assert Session.objects.count() == sessions_before - 2
    assert other_browser.get(SETTINGS).status_code == 302
    assert client.get(SETTINGS).status_code == 302
    assert someone_else.get(SETTINGS).status_code == 200
    assert not MemberSession.objects.filter(member=member_with_password).exists()


def test_without_stay_signed_in_no_cookie_outlives_the_browser(client, member_with_password):
    response = _log_in(client, member_with_password)

    assert response.cookies["sessionid"]["max-age"] == ""
    assert response.cookies["sessionid"]["expires"] == ""
    page = client.get(SETTINGS)
    csrf = page.cookies.get("csrftoken") or client.cookies.get("csrftoken")
    assert csrf is not None
    assert csrf["max-age"] == ""


def test_stay_signed_in_keeps_the_session_cookie(client, member_with_password, settings):
    response = _log_in(client, member_with_password, remember=True)

    assert int(response.cookies["sessionid"]["max-age"]) == settings.SESSION_COOKIE_AGE


@pytest.mark.services
def test_log_out_everywhere_closes_the_open_chat_connections_of_every_session(
    client, member_with_password
):
    _log_in(client, member_with_password)
    other_browser = Client()
    _log_in(other_browser, member_with_password)
    keys = list(MemberSession.objects.values_list("session_key", flat=True))
    layer = get_channel_layer()
    channels = []
    for key in keys:
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(session_group_name(key), channel)
        channels.append(channel)

    client.post("/account/settings/sessions/end/")

    for channel in channels:
        assert async_to_sync(layer.receive)(channel) == {"type": "session.ended"}
