"""Brute-force protection: five failed logins lock a pseudonym for 15 minutes."""

import time

import pytest
from django.test import Client

from tests.factories import DEFAULT_PASSWORD, SuperuserFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.services]

LOGIN_URL = "/accounts/login/"
LOCKED_MESSAGE = "Too many failed login attempts"


def _login(client: Client, username: str, password: str, **extra):
    return client.post(
        LOGIN_URL, {"login": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en", **extra
    )


def _fail_five_times(username: str) -> None:
    for attempt in range(5):
        # A fresh client (and address) each time: the lock follows the pseudonym.
        client = Client(REMOTE_ADDR=f"198.51.100.{attempt + 1}")
        response = _login(client, username, "wrong-password-here")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def test_after_five_failed_logins_the_right_password_is_refused_with_a_clear_message():
    member = UserFactory()
    _fail_five_times(member.username)
    client = Client()
    response = _login(client, member.username, DEFAULT_PASSWORD)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_ignores_case_and_host_name_tricks():
    member = UserFactory(username="stormvogel")
    _fail_five_times("StormVogel")
    client = Client()
    response = _login(client, "STORMVOGEL", DEFAULT_PASSWORD, HTTP_HOST="localhost")
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert member.pk


def test_four_failed_logins_do_not_lock_the_account():
    member = UserFactory()
    for _attempt in range(4):
        _login(Client(), member.username, "wrong-password-here")
    client = Client()
    response = _login(client, member.username, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_a_locked_pseudonym_does_not_lock_other_members():
    victim = UserFactory()
    other = UserFactory()
    _fail_five_times(victim.username)
    client = Client()
    assert _login(client, other.username, DEFAULT_PASSWORD).status_code == 302


def test_after_fifteen_minutes_the_member_can_log_in_again(monkeypatch):
    member = UserFactory()
    _fail_five_times(member.username)
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
    client = Client()
    response = _login(client, member.username, DEFAULT_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_django_admin_login_goes_through_the_same_limited_login():
    admin = SuperuserFactory()
    _fail_five_times(admin.username)
    client = Client()
    response = client.post(
        "/django-admin/login/",
        {"username": admin.username, "password": DEFAULT_PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "_auth_user_id" not in client.session
    # The admin's own login form is never processed: everyone is sent to allauth's.
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    response = _login(client, admin.username, DEFAULT_PASSWORD)
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wagtail_admin_login_goes_through_the_same_limited_login():
    client = Client()
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
