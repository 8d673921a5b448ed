"""Fixtures shared by the whole suite."""

import pytest
from django.test import override_settings

# Tests render pages without running collectstatic first; production uses whitenoise's
# compressed manifest storage (config/settings.py), which needs collected files.
_PLAIN_STATIC = override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
)


@pytest.fixture(autouse=True, scope="session")
def plain_static_storage():
    _PLAIN_STATIC.enable()
    yield
    _PLAIN_STATIC.disable()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and other cached state must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
