"""Helpers for chat tests that run daphne as separate processes (scale-out, fault).

The processes read the test database, so those tests use `transactional_db`: the rows
a test writes are committed and visible to them. They need Redis (the channel layer
between processes), which this machine and CI always run: a missing Redis fails the
test with a message, it never skips. Plain functions rather than fixtures, so that
the tests need no shared conftest.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.chat.live import DEFAULT_REDIS_URL, Daphne, database_url, redis_answers, server_env


def live_redis_url() -> str:
    """The Redis of this test run: the worker's database when the suite runs on Redis
    (REDIS_URL), otherwise KRING_TEST_REDIS_URL or the local default."""
    location = settings.CACHES["default"].get("LOCATION")
    if settings.REDIS_URL and isinstance(location, str) and location.startswith("redis"):
        return location
    return os.environ.get("KRING_TEST_REDIS_URL", DEFAULT_REDIS_URL)


def live_env() -> dict[str, str]:
    """Environment for daphne processes that share this test's database and a Redis
    key prefix of their own."""
    redis_url = live_redis_url()
    if not redis_answers(redis_url):
        pytest.fail(
            f"Redis is not answering at {redis_url}: chat's cross-process tests need it "
            "(.ci/run starts it; locally `redis-server --port 6379`)."
        )
    return server_env(
        database=database_url(connection.settings_dict),
        redis_url=redis_url,
        secret_key=settings.SECRET_KEY,
        redis_prefix=f"kring-live-{uuid.uuid4().hex[:12]}",
        # Two test clients chat faster than the per-member limit allows a person.
        extra={"KRING_LIVE_CHAT_RATE_LIMIT": "1000,1"},
    )


@contextmanager
def running_daphnes(count: int) -> Iterator[list[Daphne]]:
    """`count` daphne processes serving Kring, started in parallel, stopped after."""
    env = live_env()
    servers = [Daphne(env=env).start() for _ in range(count)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for number, server in enumerate(servers, 1):
            # Shown by pytest when the test fails: what the servers said.
            print(f"--- daphne {number} (port {server.port}):\n{server.log()}")
            server.close()


def session_cookie(user) -> str:
    """A `Cookie` header for a logged-in session of `user`, stored in the test database."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
