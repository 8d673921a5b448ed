"""Forum page benchmark: server time of the pages members read most.

    .venv/bin/python -m tests.benchmarks.forum_pages                 # SQLite (temp file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m tests.benchmarks.forum_pages             # PostgreSQL

Seeds a fresh database with 10,000 threads and 200,000 posts (bulk_create), then
prints, for the category list, a thread list page and a 50-post thread page over 200
requests each (Django test client, logged-in member): the median and p95 server time,
the median CPU time of this process (with SQLite the database runs in-process too: a
figure a busy machine disturbs less than the wall clock), the most queries one request
ran and the median size of the HTML sent (uncompressed), then the load average.
`--threads 2000 --posts 40000` is the size of the comparison with other forums, and
quick to iterate with; `--pages thread` (or `list`, `index`, comma-separated)
measures only those pages.
With PostgreSQL, DATABASE_URL names the server: the benchmark creates its own scratch
database (kring_bench_<pid>) there and drops it afterwards; nothing else is touched.
Not part of the test suite, and never a timed assertion: it prints figures.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

THREADS = 10_000
POSTS = 200_000
REQUESTS = 200
LONG_THREADS = 100  # threads with 500 posts: ten full 50-post pages each
LONG_THREAD_POSTS = 500
CATEGORIES = 8
AUTHORS = 500
BATCH = 5_000


@contextmanager
def fresh_database(*, keep: bool = False):
    """Point DATABASE_URL at a new, empty database; remove it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"kring_bench_{os.getpid()}"
        parts = urlsplit(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            yield f"PostgreSQL ({parts.hostname}:{parts.port or 5432}/{name})"
        finally:
            from django.db import connections

            connections.close_all()
            if not keep:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        handle, path = tempfile.mkstemp(prefix="kring-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        try:
            yield f"SQLite ({path})"
        finally:
            if not keep:
                os.unlink(path)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "kring-benchmark-" + os.urandom(16).hex())
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.test.utils import override_settings

    # Pages render {% static %} without collectstatic, as in the test suite.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def seed(*, threads: int, posts: int, out) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from community.models import User
    from community.moderation.models import MemberTrust, TrustLevel
    from community.text import render_markdown
    from forum.models import Category, Post, Reaction, Thread
    from forum.services import category_refresh

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    out.write(f"  migrated in {time.perf_counter() - started:.1f} s\n")

    started = time.perf_counter()
    categories = Category.objects.bulk_create(
        [
            Category(name=f"Categorie {i}", description="Benchmark", order=i)
            for i in range(CATEGORIES)
        ]
    )
    authors = User.objects.bulk_create(
        [
            User(username=f"bench{i}", status=User.Status.APPROVED, password="!")
            for i in range(AUTHORS)
        ]
    )
    reader = User.objects.create(username="lezer", status=User.Status.APPROVED, password="!")
    MemberTrust.objects.create(member=reader, level=TrustLevel.MEMBER)

    now = timezone.now()
    start = now - timedelta(days=365)
    thread_rows = Thread.objects.bulk_create(
        [
            Thread(
                category=categories[i % CATEGORIES],
                title=f"Onderwerp {i}: hoe doe jij dat?",
                author=authors[i % AUTHORS],
                created_at=start + timedelta(minutes=i),
            )
            for i in range(threads)
        ],
        batch_size=BATCH,
    )
    # At most half the posts in long threads, so a small run still has ordinary ones.
    long_threads = min(LONG_THREADS, threads, posts // (2 * LONG_THREAD_POSTS))
    rest = posts - long_threads * LONG_THREAD_POSTS
    others = max(threads - long_threads, 1)
    base, extra = divmod(rest, others)
    sizes = [LONG_THREAD_POSTS] * long_threads + [
        base + (1 if i < extra else 0) for i in range(threads - long_threads)
    ]
    body = (
        "Ik herken dit **heel erg**. Wat mij hielp:\n\n- praten met anderen\n"
        "- een vaste plek\n\n> Je staat er niet alleen voor.\n"
    )
    body_html = str(render_markdown(body))

    stats = {t.pk: [None, None, 0, None] for t in thread_rows}  # first, last, count, last_at
    batch: list = []
    created = 0

    def flush() -> None:
        nonlocal batch, created
        for post in Post.objects.bulk_create(batch):
            entry = stats[post.thread_id]
            entry[0] = entry[0] or post.pk
            entry[1] = post.pk
            entry[2] += 1
            entry[3] = post.created_at
        created += len(batch)
        batch = []

    for thread, size in zip(thread_rows, sizes, strict=True):
        for n in range(size):
            batch.append(
                Post(
                    thread=thread,
                    author=authors[(thread.pk + n) % AUTHORS],
                    body=body,
                    body_html=body_html,
                    created_at=thread.created_at + timedelta(seconds=n),
                    notified_at=now,
                )
            )
            if len(batch) >= BATCH:
                flush()
    if batch:
        flush()
    out.write(f"  {threads} threads, {created} posts in {time.perf_counter() - started:.1f} s\n")

    for thread in thread_rows:
        first, last, count, last_at = stats[thread.pk]
        thread.first_post_id, thread.last_post_id = first, last
        thread.post_count, thread.is_visible = count, first is not None
        thread.last_post_at = last_at or thread.created_at
    Thread.objects.bulk_update(
        thread_rows,
        ["first_post", "last_post", "post_count", "is_visible", "last_post_at"],
        batch_size=1000,
    )
    for category in categories:
        category_refresh(category=category)

    # Reactions on the long threads: a few per post, as a lively forum has.
    long_ids = [t.pk for t in thread_rows[:long_threads]]
    reaction_posts = Post.objects.filter(thread_id__in=long_ids).values_list("pk", flat=True)
    kinds = ["heart", "hug", "me_too"]
    Reaction.objects.bulk_create(
        [
            Reaction(post_id=pk, member=authors[(pk * 7 + k) % AUTHORS], kind=kinds[k])
            for pk in reaction_posts
            for k in range(pk % 3)
        ],
        batch_size=BATCH,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out.write(f"  seeded in {time.perf_counter() - started:.1f} s\n")
    return {"reader": reader, "categories": categories, "long_threads": long_ids}


class QueryCounter:
    """Counts the queries a request runs. An execute wrapper, not Django's debug cursor
    (CaptureQueriesContext): that one formats every query with its parameters, which on
    SQLite runs one more query per query, and its cost would be timed as the page's."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client, urls: list[str], requests: int) -> tuple[float, float, float, int, float]:
    from django.db import connection

    for url in urls[:10]:  # warm up: templates, content types, connections
        client.get(url)
    timings = []
    cpu = []
    sizes = []
    queries = 0
    for i in range(requests):
        url = urls[i % len(urls)]
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries = max(queries, counter.count)
        sizes.append(len(response.content))
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return (
        statistics.median(timings),
        p95,
        statistics.median(cpu),
        queries,
        statistics.median(sizes) / 1024,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--pages",
        default="index,list,thread",
        help="which pages to measure, comma-separated: index, list, thread (default: all)",
    )
    args = parser.parse_args(argv)
    wanted = set(args.pages.split(","))
    if not wanted <= {"index", "list", "thread"}:
        parser.error(f"unknown page in --pages: {args.pages}")
    out = sys.stdout
    with fresh_database(keep=args.keep) as label:
        setup_django()
        from django.test import Client
        from django.urls import reverse

        out.write(f"Forum benchmark on {label}\n")
        data = seed(threads=args.threads, posts=args.posts, out=out)
        client = Client()
        client.force_login(data["reader"])
        rng = random.Random(4)
        category = data["categories"][0]
        list_pages = max(1, (args.threads // CATEGORIES) // 30)
        # The same URLs whichever pages are measured: each list is drawn in this order.
        list_urls = [
            reverse("forum:category", args=[category.pk]) + f"?page={rng.randint(1, list_pages)}"
            for _ in range(args.requests)
        ]
        thread_urls = [
            reverse("forum:thread", args=[rng.choice(data["long_threads"])])
            + f"?page={rng.randint(1, LONG_THREAD_POSTS // 50)}"
            for _ in range(args.requests)
        ]
        pages = {
            "index": ("category list (/forum/)", [reverse("forum:index")]),
            "list": ("thread list page (30 threads)", list_urls),
            "thread": ("thread page (50 posts)", thread_urls),
        }
        out.write(
            f"\n{'page':32} {'median':>9} {'p95':>9} {'CPU':>9} {'queries':>8} {'HTML':>9}"
            f"   ({args.requests} requests)\n"
        )
        for key, (name, urls) in pages.items():
            if key not in wanted:
                continue
            median, p95, cpu, queries, size = measure(client, urls, args.requests)
            out.write(
                f"{name:32} {median:7.1f}ms {p95:7.1f}ms {cpu:7.1f}ms {queries:8d} {size:7.1f}KB\n"
            )
        load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
        out.write(f"load average (1, 5, 15 min) at the end: {load}\n")


if __name__ == "__main__":
    main()
