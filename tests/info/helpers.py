"""Helpers shared by the information-page tests (unit and browser)."""

import os

from django.core.signals import request_started

_TEST_PROCESS = os.getpid()


def _clear_live_server_caches(**kwargs) -> None:
    if os.getpid() == _TEST_PROCESS:
        return  # only in the forked live server, never in the test process
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY

    ContentType.objects.clear_cache()
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY)


def live_server_caches_follow_the_database() -> None:
    """Make the live daphne server forget per-process caches at each request.

    The server is forked once per test session. A transactional test's flush deletes
    the content types and the site, and post_migrate recreates them with new ids; the
    server's cached content-type ids (used by search and `.type()` filters) and Wagtail's
    cached site root paths would then point at rows that no longer exist. Connect this
    at import time of a browser-test module (before the fork); it does nothing in the
    test process itself. Better placed in tests/e2e/conftest.py for every browser test.
    """
    request_started.connect(_clear_live_server_caches, dispatch_uid="info-live-server-caches")
