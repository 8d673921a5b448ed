"""Fixtures shared by the whole suite."""

import fcntl
import os
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

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


class _BrowserTestsLast:
    """Browser tests run after every other test of a worker. Their session-wide
    Playwright keeps an event loop running in the worker's main thread, where
    `async_to_sync` (channel-layer and consumer tests) then refuses to run. Last of all
    hooks, after pytest-django's own ordering; `--dist load` hands each worker its tests
    in this order."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


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


# --- One migrated test database per run, cloned for each pytest-xdist worker ---------
# Migrating costs about 20 s of CPU (Wagtail's ~200 migrations re-render model states).
# Under xdist the first worker migrates a template database while holding a lock, and
# every worker copies it (SQLite: a file copy; PostgreSQL: CREATE DATABASE ... TEMPLATE),
# so a run migrates once instead of once per worker. The xdist controller gives the
# workers a run id and drops the template when the run ends. Single-process runs and
# --reuse-db keep pytest-django's own set-up.


def _template_name(run: str) -> str:
    database = connections["default"]
    if database.vendor == "sqlite":
        return str(Path(tempfile.gettempdir()) / f"kring-test-template-{run}.sqlite3")
    return f"test_{database.settings_dict['NAME']}_template_{run[:16]}"


def _template_lock(run: str) -> Path:
    return Path(tempfile.gettempdir()) / f"kring-test-template-{run}.lock"


_TEMPLATE_RUN = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Browser tests last; in the xdist controller, a run id the workers share (xdist
    passes it on)."""
    config.pluginmanager.register(_BrowserTestsLast(), "kring-browser-tests-last")
    is_controller = not hasattr(config, "workerinput")
    if is_controller and getattr(config.option, "dist", "no") != "no":
        if config.option.testrunuid is None:
            config.option.testrunuid = uuid.uuid4().hex
        config.stash[_TEMPLATE_RUN] = config.option.testrunuid


def pytest_unconfigure(config: pytest.Config) -> None:
    """In the xdist controller: drop the run's template database, if one was made."""
    run = config.stash.get(_TEMPLATE_RUN, None)
    if run is None:
        return
    lock = _template_lock(run)
    if not lock.exists():
        return
    migrated = lock.read_text() == "migrated"
    lock.unlink()
    if not migrated:
        return
    name = _template_name(run)
    database = connections["default"]
    if database.vendor == "sqlite":
        Path(name).unlink(missing_ok=True)
        return
    with config.stash[blocking_manager_key].unblock(), database._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database.ops.quote_name(name)}")


def _clone_from_template(*, run: str, worker: str, verbosity: int) -> str:
    """Point the default connection at this worker's copy of the run's template (made
    by the first worker to get here); return the copy's name."""
    database = connections["default"]
    creation = database.creation
    template = _template_name(run)
    with open(_template_lock(run), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            lock.seek(0)
            if lock.read() != "migrated":
                test_settings = database.settings_dict["TEST"]
                original_test_name = test_settings["NAME"]
                test_settings["NAME"] = template
                try:
                    creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
                finally:
                    test_settings["NAME"] = original_test_name
                lock.seek(0)
                lock.truncate()
                lock.write("migrated")
                lock.flush()
            database.close()
            database.settings_dict["NAME"] = template
            creation.clone_test_db(suffix=worker, verbosity=verbosity)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    clone = creation.get_test_db_clone_settings(worker)["NAME"]
    database.settings_dict["NAME"] = clone
    settings.DATABASES["default"]["NAME"] = clone
    return clone


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's fixture, with the per-run template under xdist (see above)."""
    verbosity = request.config.option.verbose
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    items = request.session.items
    if any("live_server_url" in getattr(item, "fixturenames", ()) for item in items):
        # Browser tests on data shared by their module (tests/e2e/test_info_pages.py)
        # ask for no database fixture, but the live server reads the database.
        aliases.add("default")
    # SQLite only: on PostgreSQL a second session on the template (a live server's
    # connection) makes CREATE DATABASE ... TEMPLATE fail ("being accessed by other
    # users"), so there each worker migrates its own database as pytest-django does.
    on_sqlite = connections["default"].vendor == "sqlite"
    templated = run and worker and django_db_use_migrations and not keepdb and on_sqlite
    if not templated or set(aliases) != {"default"}:
        if not django_db_use_migrations:
            _disable_migrations()
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(db_cfg, verbosity=verbosity)
        return

    database = connections["default"]
    original_name = database.settings_dict["NAME"]
    with django_db_blocker.unblock():
        clone = _clone_from_template(run=run, worker=worker, verbosity=verbosity)
        if "default" in serialized_aliases:
            database._test_serialized_contents = database.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        database.close()
        database.creation._destroy_test_db(clone, verbosity)
    database.settings_dict["NAME"] = original_name
    settings.DATABASES["default"]["NAME"] = original_name


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
