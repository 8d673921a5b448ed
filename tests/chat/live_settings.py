"""Settings of the daphne processes that chat's cross-process tests start.

Kring's own settings (config.settings, from the same environment variables as in
production), with three differences that only isolate a test run:

- the channel layer and cache use a key prefix of their own
  (`KRING_LIVE_REDIS_PREFIX`), so two test runs on one Redis never hear each other;
- static files are found without `collectstatic`, as in the rest of the suite;
- `KRING_LIVE_CHAT_RATE_LIMIT="count,seconds"` relaxes the per-member rate limit for
  a test that sends faster than a person would (unset: the project's limit).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES, CHANNEL_LAYERS, REDIS_URL

_prefix = os.environ.get("KRING_LIVE_REDIS_PREFIX", "")
if REDIS_URL and _prefix:
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _prefix
    CACHES["default"]["KEY_PREFIX"] = _prefix

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

_rate = os.environ.get("KRING_LIVE_CHAT_RATE_LIMIT", "")
if _rate:
    _count, _seconds = _rate.split(",")
    KRING_CHAT_RATE_LIMIT = (int(_count), float(_seconds))
