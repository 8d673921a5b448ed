"""Benchmark of the public information pages.

Builds a throw-away SQLite database, loads the demo content and serves the home page
and a consultation-hours page through Django's test client (the whole middleware
stack, no network). Prints, per page: the median server time over 200 requests, the
number of SQL queries for one request, and the bytes a first visit transfers
(gzip-compressed HTML plus the stylesheets and scripts the page links to).

    python -m tests.benchmarks.info_pages            # or: make benchmark
"""

from __future__ import annotations

import gzip
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = 200
PAGES = {
    "home page (nl)": "/nl/",
    "consultation hours (nl)": "/nl/ggd-spreekuur/",
    "home page (en)": "/en/",
    "consultation hours (en)": "/en/ggd-consultation-hour/",
}
ASSET_PATTERN = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"')


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Serve static files straight from the apps (no collectstatic needed).
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from community.info import demo

    demo.seed(stdout=io.StringIO())


def _asset_bytes(html: str) -> int:
    from django.contrib.staticfiles import finders

    total = 0
    for url in sorted(set(ASSET_PATTERN.findall(html))):
        path = finders.find(url.removeprefix("/static/"))
        if path:
            total += len(gzip.compress(Path(path).read_bytes()))
    return total


def measure(path: str) -> dict[str, float]:
    from django.db import connection
    from django.test import Client

    client = Client()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    html = response.content.decode()
    timings = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    html_gzip = len(gzip.compress(response.content))
    return {
        "median_ms": statistics.median(timings) * 1000,
        "queries": len(queries),
        "html_gzip": html_gzip,
        "total_gzip": html_gzip + _asset_bytes(html),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as folder:
        _setup(Path(folder) / "bench.sqlite3")
        print(f"{'page':28} {'median ms':>10} {'queries':>8} {'HTML gz':>9} {'first visit gz':>15}")
        for label, path in PAGES.items():
            result = measure(path)
            print(
                f"{label:28} {result['median_ms']:10.1f} {result['queries']:8d} "
                f"{result['html_gzip']:9d} {result['total_gzip']:15d}"
            )
        print(f"({REQUESTS} requests per page; bytes are gzip-compressed, headers not counted)")


if __name__ == "__main__":
    main()
