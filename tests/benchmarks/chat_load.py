"""Chat load benchmark: Kring's chat against the Channels tutorial chat, same load.

    .venv/bin/python -m tests.benchmarks.chat_load                   # full run, ~20 min
    .venv/bin/python -m tests.benchmarks.chat_load --seconds 5 --rates 10,100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m tests.benchmarks.chat_load               # PostgreSQL

Seeds a fresh database (a temporary SQLite file, or a scratch PostgreSQL database
`kring_bench_<pid>` that is dropped afterwards) with 200 approved members, one room
of 100 and ten rooms of 10, and a logged-in session for each member. Then, for each
channel layer (in-memory, Redis) and each rate (10, 25, 50, 100 messages/s), it
starts one daphne process for Kring (config.asgi) and one for the baseline, the
Channels tutorial's consumer (tests/benchmarks/_chat_echo.py), opens 200
authenticated sockets (one per member) and sends for `--seconds` (30): each message
from the next member of a shuffled round (so no member passes Kring's per-member rate
limit), received by every socket in the sender's room, the sender's included. It
prints per rate and server:

- delivered/expected: live, then after catch-up (Kring only: each socket sends `sync`
  from its cursor, as a client does after a gap; the baseline has no catch-up);
- p50/p95/p99 delivery latency of live copies (send to receipt, same clock);
- daphne CPU ms per delivered copy (/proc utime+stime of the daphne process from the
  first send until the drain ends, over live copies; a PostgreSQL server's own CPU
  is not in it, SQLite's is);
- Kring's p99 and CPU per copy as a ratio to the baseline's at the same rate;
- the load client's own CPU, and the load average (the machine is shared: figures
  move with it).

A fresh daphne per measurement keeps one rate's backlog out of the next. Not a test
and never a timed assertion: it prints figures.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.benchmarks.forum_pages import fresh_database, setup_django
from tests.chat.live import DEFAULT_REDIS_URL, Daphne, redis_answers, server_env

BIG_ROOM, SMALL_ROOMS, SMALL_ROOM_SIZE = 100, 10, 10
RATES = (10, 25, 50, 100)
CONNECT_CONCURRENCY = 20
DRAIN_IDLE_SECONDS = 2.0
DRAIN_MAX_SECONDS = 20.0
CATCH_UP_MAX_SECONDS = 60.0
KRING_APP = "config.asgi:application"
BASELINE_APP = "tests.benchmarks._chat_echo:application"
_BODY_KEY = re.compile(r"bench:(\S+?)(?:<|\s|$)")


@dataclass
class Member:
    index: int
    room: str
    room_size: int
    cookie: str


@dataclass
class Sock:
    member: Member
    ws: ClientConnection | None = None
    cursor: int = 0
    above: set[int] = field(default_factory=set)  # change_seqs seen above the cursor
    seen: set[str] = field(default_factory=set)
    synced: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task | None = None

    def advance(self, change_seq: int) -> None:
        """The cursor is the highest change_seq below which nothing is missing."""
        if change_seq == self.cursor + 1:
            self.cursor = change_seq
            while self.cursor + 1 in self.above:
                self.above.remove(self.cursor + 1)
                self.cursor += 1
        elif change_seq > self.cursor + 1:
            self.above.add(change_seq)


@dataclass
class Result:
    server: str
    rate: int
    sent: int = 0
    expected: int = 0
    live: int = 0
    after_catch_up: int = 0
    latencies: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    send_seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    reconnects: int = 0
    load: str = ""
    drained: bool = True
    catch_up_failed: int = 0
    wall_seconds: float = 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def cpu_ms_per_delivery(self) -> float:
        copies = self.after_catch_up
        return self.cpu_seconds * 1000 / copies if copies else float("nan")

    @property
    def cpu_ms_per_message(self) -> float:
        return self.cpu_seconds * 1000 / self.sent if self.sent else float("nan")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- Seeding -------------------------------------------------------------------------


def seed() -> list[Member]:
    """Members, rooms and sessions in the fresh database (Django is set up)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections

    from chat.models import Room, RoomKind
    from community.models import User
    from community.moderation.models import MemberTrust, TrustLevel
    from community.roles import Role

    call_command("migrate", verbosity=0)
    rooms = [("groot", BIG_ROOM)] + [
        (f"klein-{i}", SMALL_ROOM_SIZE) for i in range(1, SMALL_ROOMS + 1)
    ]
    for order, (slug, _size) in enumerate(rooms):
        Room.objects.create(kind=RoomKind.COMMUNITY, slug=slug, name=slug.title(), order=order)
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i}", status=User.Status.APPROVED, password="!")
            for i in range(sum(size for _slug, size in rooms))
        ]
    )
    group, _created = Group.objects.get_or_create(name=Role.MEMBER)
    group.user_set.add(*users)
    MemberTrust.objects.bulk_create(
        [MemberTrust(member=user, level=TrustLevel.MEMBER, locked=True) for user in users]
    )
    members: list[Member] = []
    users_left = iter(users)
    for slug, size in rooms:
        for _ in range(size):
            user = next(users_left)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
            members.append(Member(len(members), slug, size, cookie))
    connections.close_all()
    return members


# --- One measurement -------------------------------------------------------------------


class Run:
    """One server, one rate: connect every member, send, drain, catch up."""

    def __init__(
        self,
        *,
        server: Daphne,
        kring: bool,
        members: list[Member],
        rate: int,
        seconds: float,
        tag: str,
    ) -> None:
        self.server = server
        self.kring = kring
        self.members = members
        self.rate = rate
        self.seconds = seconds
        self.tag = tag
        self.socks = [Sock(member) for member in members]
        self.sent_at: dict[str, float] = {}
        self.frames: dict[str, dict] = {}  # client_id -> send frame, for retries
        self.result = Result("kring" if kring else "baseline", rate)
        self.last_delivery = time.perf_counter()
        self.tasks: set[asyncio.Task] = set()
        self.profile_to = ""
        self.recorder: subprocess.Popen | None = None

    def key_of(self, message: dict) -> str | None:
        key = message.get("client_id")
        if key:
            return key
        match = _BODY_KEY.search(message.get("html") or "")
        return match.group(1) if match else None

    def record(self, sock: Sock, key: str | None, now: float, *, live: bool) -> None:
        if key is None or key not in self.sent_at or key in sock.seen:
            return
        sock.seen.add(key)
        self.last_delivery = now
        if live:
            self.result.live += 1
            self.result.latencies.append(now - self.sent_at[key])
        self.result.after_catch_up += 1

    async def open(self, sock: Sock) -> None:
        path = f"/ws/chat/{sock.member.room}/"
        sock.ws = await connect(
            self.server.ws_url(path),
            additional_headers={"Cookie": sock.member.cookie},
            origin=self.server.origin,
            compression=None,
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
        )
        if self.kring:
            while True:
                frame = json.loads(await sock.ws.recv())
                if frame.get("type") == "ready":
                    break
                if frame.get("type") == "error":
                    raise RuntimeError(f"refused: {frame}")
            if not sock.cursor:
                sock.cursor = frame["room"]["last_seq"]
            sock.synced.clear()
            await sock.ws.send(json.dumps({"type": "sync", "after": sock.cursor}))
        sock.reader = asyncio.create_task(self.read(sock))
        if self.kring:
            await sock.synced.wait()

    async def read(self, sock: Sock) -> None:
        assert sock.ws is not None
        with contextlib.suppress(ConnectionClosed):
            async for raw in sock.ws:
                now = time.perf_counter()
                frame = json.loads(raw)
                if not self.kring:
                    self.record(sock, frame.get("message"), now, live=True)
                    continue
                kind = frame.get("type")
                if kind in ("message", "ack"):
                    message = frame["message"]
                    sock.advance(message["change_seq"])
                    self.record(sock, self.key_of(message), now, live=True)
                elif kind == "messages":
                    for item in frame["items"]:
                        sock.advance(item["change_seq"])
                        self.record(sock, self.key_of(item), now, live=False)
                    if frame["upto"] > sock.cursor:
                        sock.cursor = frame["upto"]
                        sock.above = {s for s in sock.above if s > sock.cursor}
                    if frame.get("more"):
                        await sock.ws.send(json.dumps({"type": "sync", "after": sock.cursor}))
                    else:
                        sock.synced.set()
                elif kind == "error":
                    code = frame.get("code", "?")
                    self.result.errors[code] = self.result.errors.get(code, 0) + 1
                    retry_after = frame.get("retry_after")
                    client_id = frame.get("client_id")
                    if retry_after is not None and client_id in self.frames:
                        asyncio.get_running_loop().call_later(
                            float(retry_after), self.resend, sock, client_id
                        )

    def resend(self, sock: Sock, client_id: str) -> None:
        if sock.ws is not None:
            task = asyncio.create_task(sock.ws.send(json.dumps(self.frames[client_id])))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def one(sock: Sock) -> None:
            async with gate:
                await self.open(sock)

        await asyncio.gather(*(one(sock) for sock in self.socks))

    async def send_all(self) -> None:
        order = list(self.socks)
        random.shuffle(order)
        count = int(self.rate * self.seconds)
        started = time.perf_counter()
        for n in range(count):
            delay = started + n / self.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sock = order[n % len(order)]
            key = f"{self.tag}{n}"
            if self.kring:
                frame = {"type": "send", "client_id": key, "body": f"bench:{key}", "reply_to": None}
                self.frames[key] = frame
            else:
                frame = {"message": key}
            self.sent_at[key] = time.perf_counter()
            self.result.sent += 1
            self.result.expected += sock.member.room_size
            with contextlib.suppress(ConnectionClosed):
                await sock.ws.send(json.dumps(frame))
        self.result.send_seconds = time.perf_counter() - started

    async def drain(self) -> None:
        """Until every copy arrived, or nothing arrived for a while."""
        deadline = time.perf_counter() + DRAIN_MAX_SECONDS
        while self.result.live < self.result.expected:
            now = time.perf_counter()
            if now > deadline or now - self.last_delivery > DRAIN_IDLE_SECONDS:
                return
            await asyncio.sleep(0.05)

    async def catch_up(self) -> None:
        async def one(sock: Sock) -> None:
            if sock.ws is None or sock.ws.close_code is not None:
                self.result.reconnects += 1
                await self.open(sock)
                return  # open() syncs from the cursor
            sock.synced.clear()
            await sock.ws.send(json.dumps({"type": "sync", "after": sock.cursor}))
            await sock.synced.wait()

        # All sockets at once (each one `sync`), bounded in time: a server far behind
        # answers after its backlog, and what has not come by then counts as lost.
        results = await asyncio.gather(
            *(asyncio.wait_for(one(sock), timeout=CATCH_UP_MAX_SECONDS) for sock in self.socks),
            return_exceptions=True,
        )
        self.result.catch_up_failed = sum(isinstance(r, BaseException) for r in results)

    async def close(self) -> None:
        for sock in self.socks:
            if sock.ws is not None:
                await sock.ws.close()
            if sock.reader is not None:
                sock.reader.cancel()

    async def measure(self) -> Result:
        await self.connect_all()
        self.result.load = load_average()
        cpu_before, client_before = self.server.cpu_seconds(), time.process_time()
        if self.profile_to:
            self.recorder = start_profile(self.server, self.profile_to, self.seconds)
        started = time.perf_counter()
        await self.send_all()
        await self.drain()
        self.result.drained = self.result.live == self.result.expected
        if self.kring:
            # Copies still arriving meanwhile count as live (late); the catch-up's own
            # work is in the CPU figure, as a client's catch-up is part of delivery.
            await self.catch_up()
        self.result.cpu_seconds = self.server.cpu_seconds() - cpu_before
        self.result.client_cpu_seconds = time.process_time() - client_before
        self.result.wall_seconds = self.last_delivery - started
        await self.close()
        return self.result


# --- Output ------------------------------------------------------------------------------

HEADER = (
    f"{'rate':>5} {'server':<9} {'sent':>5} {'live':>15} {'after catch-up':>15} "
    f"{'p50':>7} {'p95':>7} {'p99':>7} {'cpu/copy':>9} {'cpu/msg':>8} {'p99 x':>6} "
    f"{'cpu x':>6} {'client cpu':>10}  load / notes"
)


def row(result: Result, baseline: Result | None) -> str:
    p99 = result.percentile(0.99)
    ratio_p99 = ratio_cpu = ""
    if baseline is not None and baseline is not result:
        ratio_p99 = f"{p99 / baseline.percentile(0.99):.2f}"
        ratio_cpu = f"{result.cpu_ms_per_delivery / baseline.cpu_ms_per_delivery:.2f}"
    notes = [result.load]
    if result.send_seconds > result.sent / result.rate * 1.05:
        notes.append(f"sending took {result.send_seconds:.1f} s")
    if not result.drained:
        notes.append(f"behind: last copy {result.wall_seconds:.0f} s after the first send")
    if result.errors:
        notes.append("errors " + ", ".join(f"{k}={v}" for k, v in result.errors.items()))
    if result.catch_up_failed:
        notes.append(
            f"{result.catch_up_failed} sockets not caught up in {CATCH_UP_MAX_SECONDS:.0f} s"
        )
    if result.reconnects:
        notes.append(f"reconnected {result.reconnects}")
    return (
        f"{result.rate:>5} {result.server:<9} {result.sent:>5} "
        f"{result.live:>7}/{result.expected:<7} {result.after_catch_up:>7}/{result.expected:<7} "
        f"{result.percentile(0.5):>7.1f} {result.percentile(0.95):>7.1f} {p99:>7.1f} "
        f"{result.cpu_ms_per_delivery:>7.3f}ms {result.cpu_ms_per_message:>6.1f}ms "
        f"{ratio_p99:>6} {ratio_cpu:>6} "
        f"{result.client_cpu_seconds:>9.1f}s  {'; '.join(notes)}"
    )


def measure(
    *,
    app: str,
    env: dict[str, str],
    members: list[Member],
    rate: int,
    seconds: float,
    tag: str,
    profile: str | None,
) -> Result:
    server = Daphne(env=env, application=app).start().wait_ready()
    run = Run(
        server=server,
        kring=app == KRING_APP,
        members=members,
        rate=rate,
        seconds=seconds,
        tag=tag,
    )
    if profile:
        run.profile_to = f"{profile}-{tag}.txt"
    try:
        return asyncio.run(run.measure())
    finally:
        if run.recorder is not None:
            run.recorder.wait(timeout=seconds + 120)
        server.close()


def start_profile(server: Daphne, path: str, seconds: float) -> subprocess.Popen:
    """py-spy in the background, sampling the daphne process from the first send for
    the send phase and its drain (needs py-spy installed and ptrace allowed)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen(  # noqa: S603
        [
            py_spy,
            "record",
            "--pid",
            str(server.pid),
            "--format",
            "raw",
            "--output",
            path,
            "--duration",
            str(int(seconds + 10)),
            "--rate",
            "200",
            "--nonblocking",
            "--gil",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="send phase per rate")
    parser.add_argument("--rates", default=",".join(map(str, RATES)))
    parser.add_argument("--layers", default="memory,redis", help="memory, redis or both")
    parser.add_argument("--servers", default="baseline,kring")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL)
    parser.add_argument(
        "--conn-max-age",
        default=os.environ.get("DB_CONN_MAX_AGE", "0"),
        help="DB_CONN_MAX_AGE of the daphne processes (production's default: 0)",
    )
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="write a py-spy profile of each Kring daphne to PREFIX-<run>.txt",
    )
    args = parser.parse_args()
    rates = [int(r) for r in args.rates.split(",")]
    layers = args.layers.split(",")
    servers = args.servers.split(",")

    with fresh_database() as database:
        setup_django()
        from django.conf import settings

        members = seed()
        print(
            f"chat load: {len(members)} sockets (1 room of {BIG_ROOM}, {SMALL_ROOMS} of "
            f"{SMALL_ROOM_SIZE}), {args.seconds:g} s per rate, {database}, "
            f"DB_CONN_MAX_AGE={args.conn_max_age}, {os.cpu_count()} cores",
            flush=True,
        )
        url = os.environ["DATABASE_URL"]
        for layer in layers:
            redis_url = args.redis_url if layer == "redis" else ""
            if redis_url and not redis_answers(redis_url):
                print(f"== layer redis: Redis is not answering at {redis_url}", flush=True)
                return 1
            env = server_env(
                database=url,
                redis_url=redis_url,
                secret_key=settings.SECRET_KEY,
                redis_prefix=f"kring-bench-{os.getpid()}",
                extra={"DB_CONN_MAX_AGE": str(args.conn_max_age)},
            )
            print(f"\n== channel layer: {'Redis ' + redis_url if redis_url else 'in-memory'}")
            print(HEADER, flush=True)
            for rate in rates:
                baseline = None
                for name in servers:
                    app = KRING_APP if name == "kring" else BASELINE_APP
                    tag = f"{layer[0]}{rate}{name[0]}x"
                    result = measure(
                        app=app,
                        env=env,
                        members=members,
                        rate=rate,
                        seconds=args.seconds,
                        tag=tag,
                        profile=args.profile if name == "kring" else None,
                    )
                    if name == "baseline":
                        baseline = result
                    print(row(result, baseline), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
