"""Browser tests: Playwright driving Debian's Chromium against a live daphne server.

One daphne process serves the whole session (started after the test database
exists); every browser test uses `transactional_db`, so the server process sees the
rows the test writes. Chromium missing is an error, never a skip.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# where a loop is running unless told that this is deliberate (it is, in tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# Each browser test's flush recreates content types (new ids) and empties the tables
# behind cached state (Wagtail's site root paths, rate-limit counters). The test
# process bumps this marker before every browser test; the server process compares it
# on each connection and drops its in-process caches when it changed.
_GENERATION_MARKER = Path(tempfile.gettempdir()) / f"kring-e2e-generation-{os.getpid()}"


class FreshStateApplication:
    """Wraps the ASGI app in the server process; clears stale caches between tests."""

    def __init__(self, application):
        self.application = application
        self.generation = None

    async def __call__(self, scope, receive, send):
        generation = _GENERATION_MARKER.read_text() if _GENERATION_MARKER.exists() else ""
        if generation != self.generation:
            from django.contrib.contenttypes.models import ContentType
            from django.core.cache import cache

            ContentType.objects.clear_cache()
            if "RedisCache" not in type(cache).__name__:
                # Redis is shared with the test process, which clears it itself.
                cache.clear()
            self.generation = generation
        return await self.application(scope, receive, send)


def make_fresh_state_application(*, static_wrapper):
    from channels.testing.live import make_application

    return FreshStateApplication(make_application(static_wrapper=static_wrapper))


@pytest.fixture(autouse=True)
def _new_server_generation():
    """Tell the live server that the database was flushed since the last test."""
    _GENERATION_MARKER.write_text(os.urandom(8).hex())


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker, plain_static_storage) -> Iterator[str]:
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
    from django.test.utils import modify_settings

    hosts = modify_settings(ALLOWED_HOSTS={"append": ["127.0.0.1", "localhost"]})
    hosts.enable()
    # No setup=set_database_connection: the process is forked after pytest-django has
    # pointed settings at the test database, and channels' helper would prefix "test_"
    # a second time on PostgreSQL ("test_test_test").
    process = DaphneProcess(
        "127.0.0.1",
        partial(make_fresh_state_application, static_wrapper=ASGIStaticFilesHandler),
    )
    # The server process is forked here: it keeps the unblocked database access.
    with django_db_blocker.unblock():
        process.start()
    while not process.ready.wait(timeout=1):
        if not process.is_alive():
            raise RuntimeError("The live daphne server did not start")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join()
    hosts.disable()
    _GENERATION_MARKER.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server_url, transactional_db):
    """A fresh browser context (no cookies) on the live server, Dutch by default."""
    context = browser.new_context(base_url=live_server_url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
