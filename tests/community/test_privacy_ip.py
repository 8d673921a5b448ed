"""No IP address is stored anywhere: not in any table, not in the cache, not in logs.

The test signs up, logs in, fails a login and posts forms from a distinctive client
address, then searches every column of every table (cast to text, straight in the
database), the decoded sessions and every cache key and value for that address.
"""

import logging
import pickle

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import Client

from community.accounts.services import invitation_create
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
USER_AGENT = "KringTestBrowser/9.9 (distinctive-agent)"


def _rows_containing(needle: str) -> list[tuple[str, str]]:
    """(table, column) pairs where some row's value, as text, contains `needle`."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            description = connection.introspection.get_table_description(cursor, table)
            for column in description:
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quoted_table} "  # noqa: S608 - names from introspection
                    f"WHERE CAST({quoted_column} AS TEXT) LIKE %s",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column.name))
    return hits


def _sessions_containing(needle: str) -> list[str]:
    return [s.session_key for s in Session.objects.all() if needle in repr(s.get_decoded())]


def _cache_items() -> list[tuple[str, str]]:
    """Every key and value in the cache, as text: local memory or Redis (CI)."""
    items = []
    if isinstance(caches["default"], RedisCache):
        client = cache._cache.get_client()
        for raw_key in client.scan_iter():
            raw = client.get(raw_key)
            try:
                value = repr(pickle.loads(raw))  # noqa: S301 - our own cache
            except Exception:
                value = repr(raw)
            items.append((raw_key.decode(), value))
        return items
    for key, raw in list(cache._cache.items()):
        items.append((key, repr(pickle.loads(raw))))  # noqa: S301 - our own cache
    return items


def _cache_entries_containing(needle: str) -> list[str]:
    return [key for key, value in _cache_items() if needle in key or needle in value]


def test_no_ip_address_or_user_agent_is_stored_anywhere(caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=USER_AGENT)
    password = "lange-wandeling-langs-de-dijk"

    # Sign up (pending account), use an invitation code on the waiting page.
    response = client.post(
        "/accounts/signup/",
        {"username": "ipproef", "password1": password, "password2": password, "email": ""},
    )
    assert response.status_code == 302
    invitation = invitation_create(actor=UserFactory())
    assert client.post("/welcome/pending/", {"code": invitation.code}).status_code == 302
    client.post("/accounts/logout/")

    # A failed login, then a good one.
    assert (
        client.post("/accounts/login/", {"login": "ipproef", "password": "fout"}).status_code == 200
    )
    assert (
        client.post("/accounts/login/", {"login": "ipproef", "password": password}).status_code
        == 302
    )

    # Post forms as a member: a new invitation code, a password change.
    assert client.post("/members/invitations/new/").status_code == 302
    client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "nieuwe-lange-zin-42",
            "password2": "nieuwe-lange-zin-42",
        },
    )
    # Another member's failed and good logins from the same address.
    other = UserFactory()
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": other.username, "password": "fout"})
    client.post("/accounts/login/", {"login": other.username, "password": DEFAULT_PASSWORD})

    for needle in (IP, USER_AGENT, "distinctive-agent"):
        assert _rows_containing(needle) == []
        assert _sessions_containing(needle) == []
        assert _cache_entries_containing(needle) == []
        assert needle not in caplog.text
    # The rate limits really did use the cache (so the scan looked at real entries).
    assert any(":rl:" in key for key, _value in _cache_items())


def test_the_scan_would_find_an_ip_address_if_one_were_stored():
    """The search itself works: a stored address is found in table, session and cache."""
    member = UserFactory(email=f"{IP}@example.org")
    session = Client()
    session.force_login(member)
    s = session.session
    s["where"] = IP
    s.save()
    cache.set(f"probe:{IP}", "x")
    assert ("community_user", "email") in _rows_containing(IP)
    assert _sessions_containing(IP)
    assert _cache_entries_containing(IP)


def test_allauth_parts_that_store_addresses_or_agents_are_not_installed():
    """allauth.usersessions keeps IP and user agent per session; it must stay out."""
    from django.conf import settings

    assert "allauth.usersessions" not in settings.INSTALLED_APPS
    assert "allauth.socialaccount" not in settings.INSTALLED_APPS
    assert settings.ACCOUNT_ADAPTER == "community.accounts.adapters.AccountAdapter"
