"""Fixtures shared by the whole suite."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from tests.community.twofactor_helpers import login_verified
from tests.factories import (
    ModeratorFactory,
    PendingUserFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
    UserFactory,
)

# Locally hypothesis explores new examples on every run; in CI it runs a fixed sequence,
# so a red CI run means a regression, not a lucky draw. Bugs it finds become unit tests.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


# CI runs the whole suite on SQLite with the in-memory channel layer, then only the
# tests marked `services` again on PostgreSQL + Redis (.ci/run): those whose outcome
# depends on the database engine, the cache or the channel layer. Mark a test
# `@pytest.mark.services` when it searches, counts queries, races or locks rows, reads
# rate limits or other cache state, uses the channel layer, or runs two processes (the
# browser journeys). Query-count fixtures mark their tests by themselves:
_SERVICES_FIXTURES = frozenset({"django_assert_num_queries", "django_assert_max_num_queries"})


@pytest.hookimpl(tryfirst=True)  # before `-m services` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _SERVICES_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.services)


@receiver(connection_created)
def _test_database_does_not_wait_for_the_disk(sender, connection, **kwargs) -> None:
    """The test database is thrown away after the run, so no commit needs to wait for
    the disk. On SQLite each commit was an fsync: ~25 ms for every migration while the
    database is created and for each of the ~50 commits of a browser test's flush. The
    browser tests' forked server inherits this receiver."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")


def _redis_url_for_this_worker(url: str) -> str:
    """Each pytest-xdist worker gets its own Redis database: `cache.clear()` empties a
    whole database, and one worker's clear must not reset another's rate limits."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker[2:]) + 1 if worker.startswith("gw") else 0
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{index}"))


def _test_settings() -> dict:
    overrides = {
        # A fast hasher: the production one costs a million PBKDF2 rounds per user.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Tests render pages without running collectstatic first; production uses
        # whitenoise's compressed manifest storage, which needs collected files.
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }
    if settings.REDIS_URL:
        url = _redis_url_for_this_worker(settings.REDIS_URL)
        overrides["CACHES"] = {
            "default": {**settings.CACHES["default"], "LOCATION": url},
        }
        layer = settings.CHANNEL_LAYERS["default"]
        host = layer["CONFIG"]["hosts"][0]
        host = {**host, "address": url} if isinstance(host, dict) else url
        overrides["CHANNEL_LAYERS"] = {
            "default": {**layer, "CONFIG": {**layer["CONFIG"], "hosts": [host]}},
        }
    return overrides


@pytest.fixture(autouse=True, scope="session")
def plain_static_storage():
    """Settings every test runs with (also in the browser tests' forked server)."""
    test_settings = override_settings(**_test_settings())
    test_settings.enable()
    yield
    test_settings.disable()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and other cached state must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- People: each name means the same account in every test directory ---------------
# Factory objects stand for sessions verified with a second factor (tests/factories.py);
# over HTTP only `login_verified` verifies, as `moderator_client` does.


@pytest.fixture
def member(db):
    """An approved member whose posts go out unreviewed."""
    return TrustedMemberFactory()


@pytest.fixture
def other_member(db):
    """A second approved member, posts unreviewed."""
    return TrustedMemberFactory()


@pytest.fixture
def new_member(db):
    """An approved member still at trust level "new": their first posts are held."""
    return UserFactory()


@pytest.fixture
def pending_member(db):
    """An account waiting for approval."""
    return PendingUserFactory()


@pytest.fixture
def moderator(db):
    """A peer moderator (a verified session in service calls)."""
    return ModeratorFactory()


@pytest.fixture
def support_worker(db):
    """A support worker (a verified session in service calls)."""
    return SupportWorkerFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    """The test client as `moderator`, logged in with a verified second factor."""
    login_verified(client, moderator)
    return client
