"""Benchmark of the public information pages.

Builds a throw-away SQLite database, loads the demo content and serves the home page
and a consultation-hours page through Django's test client (the whole middleware
stack, no network). Prints, per page: the median server time over 200 requests, the
number of SQL queries for one request, and the bytes a first visit transfers
(gzip-compressed HTML plus the stylesheets and scripts the page links to).

Then serves the same database with daphne (the production server) and times, over
HTTP on one kept-alive connection, a visitor's information pages against a static file
from the same process, and says whether any answer set a cookie (issue: public pages
without per-visitor state; target: at most 3x the static file, no Set-Cookie).

    python -m tests.benchmarks.info_pages            # or: make benchmark
"""

from __future__ import annotations

import gzip
import http.client
import io
import os
import re
import socket
import statistics
import subprocess
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
    """Render figures with the visitors' page cache emptied before each request (what
    the first visitor after a publish waits for), and the median of a cached answer."""
    from django.db import connection
    from django.test import Client

    from community.info.page_cache import public_pages_invalidate

    client = Client()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    public_pages_invalidate()
    with connection.execute_wrapper(count):
        response = client.get(path)
    html = response.content.decode()
    rendered, cached = [], []
    for _ in range(REQUESTS):
        public_pages_invalidate()
        start = time.perf_counter()
        client.get(path)
        rendered.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get(path)
        cached.append(time.perf_counter() - start)
    html_gzip = len(gzip.compress(response.content))
    return {
        "median_ms": statistics.median(rendered) * 1000,
        "cached_ms": statistics.median(cached) * 1000,
        "queries": len(queries),
        "html_gzip": html_gzip,
        "total_gzip": html_gzip + _asset_bytes(html),
    }


STATIC_FILE = "/static/kring/kring.css"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _http_median(port: int, path: str) -> tuple[float, bool]:
    """Median ms over REQUESTS on one connection, and whether any answer set a cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timings = []
    cookie = False
    for _ in range(REQUESTS):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - start)
        assert response.status == 200, (path, response.status)
        cookie = cookie or response.getheader("Set-Cookie") is not None
    connection.close()
    return statistics.median(timings) * 1000, cookie


def measure_under_daphne(database: Path) -> None:
    port = _free_port()
    root = Path(__file__).resolve().parents[2]
    # As in production: DEBUG off, static files collected and served by WhiteNoise.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=root,
        env=env,
        check=True,
    )
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "config.asgi:application",
            ],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(server, port, log)
            _print_daphne_figures(port)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_for(server: subprocess.Popen, port: int, log) -> None:
    for _attempt in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if server.poll() is not None:
                log.seek(0)
                sys.exit(f"daphne stopped:\n{log.read().decode(errors='replace')}")
            time.sleep(0.1)
    sys.exit("daphne did not start within 60 s")


def _print_daphne_figures(port: int) -> None:
    static_ms, static_cookie = _http_median(port, STATIC_FILE)
    print(f"\nUnder daphne, one connection ({REQUESTS} requests each, a visitor without cookies):")
    print(f"{'answer':28} {'median ms':>10} {'x static':>9} {'Set-Cookie':>11}")
    static_label = f"static file {STATIC_FILE}"
    print(f"{static_label:28.28} {static_ms:10.2f} {1:9.1f} {static_cookie!s:>11}")
    for label, path in PAGES.items():
        page_ms, cookie = _http_median(port, path)
        print(f"{label:28} {page_ms:10.2f} {page_ms / static_ms:9.1f} {cookie!s:>11}")
    print("(target: a visitor's page at most 3x the static file, and no Set-Cookie)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as folder:
        _setup(Path(folder) / "bench.sqlite3")
        print(
            f"{'page':28} {'render ms':>10} {'cached ms':>10} {'queries':>8} {'HTML gz':>9}"
            f" {'first visit gz':>15}"
        )
        for label, path in PAGES.items():
            result = measure(path)
            print(
                f"{label:28} {result['median_ms']:10.1f} {result['cached_ms']:10.2f}"
                f" {result['queries']:8d} "
                f"{result['html_gzip']:9d} {result['total_gzip']:15d}"
            )
        print(f"({REQUESTS} requests per page; bytes are gzip-compressed, headers not counted)")
        measure_under_daphne(Path(folder) / "bench.sqlite3")


if __name__ == "__main__":
    main()
