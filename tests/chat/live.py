"""Real daphne processes for chat's cross-process tests and the chat benchmark.

`Daphne` starts `python -m daphne` as a separate program (not a fork of the test
process), so that it can be killed and started again on the same port, and so that two
of them share nothing but what production processes share: the database and Redis.
Both read the database the caller names (a file-based SQLite test database or a
PostgreSQL one) and `REDIS_URL`; tests/chat/live_settings.py gives each test run its
own key prefix in Redis.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
LIVE_SETTINGS = "tests.chat.live_settings"

# Variables of the test process that must not reach a server process.
_NOT_INHERITED = ("DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST", "DJANGO_SETTINGS_MODULE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to (after pytest-django
    has switched to the test database, that one)."""
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        name = str(settings_dict["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise RuntimeError("Daphne processes need a file-based SQLite database")
        return f"sqlite:///{name}"
    if "postgresql" in engine:
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(settings_dict.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
    raise RuntimeError(f"No DATABASE_URL for {engine}")


def redis_url_with_database(url: str, index: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{index}"))


def redis_answers(url: str, *, timeout: float = 2.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=timeout
        ) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(
    *,
    database: str,
    redis_url: str,
    secret_key: str,
    redis_prefix: str = "",
    settings_module: str = LIVE_SETTINGS,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment of a server process: this one's, with Kring's variables set.
    An empty `redis_url` means the in-memory channel layer and local-memory cache."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=database,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
        if redis_prefix:
            env["KRING_LIVE_REDIS_PREFIX"] = redis_prefix
    env.update(extra or {})
    return env


class Daphne:
    """One daphne process on 127.0.0.1: start, kill, start again on the same port."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        application: str = "config.asgi:application",
        port: int | None = None,
    ) -> None:
        self.env = env
        self.application = application
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open while it runs
            prefix="kring-daphne-", suffix=".log", delete=False
        )
        self.starts = 0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def start(self) -> "Daphne":
        """Start the process without waiting; `wait_ready()` waits until it listens."""
        command = [
            sys.executable,
            "-m",
            "daphne",
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--access-log",
            "/dev/null",
            self.application,
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.starts += 1
        return self

    def wait_ready(self, *, timeout: float = 60.0) -> "Daphne":
        """Wait until the port accepts connections: daphne imports the application
        (Django's setup) before it listens, so then it can serve."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"daphne exited before listening:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"daphne not listening after {timeout} s:\n{self.log()}"
                    ) from None
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no clean close frame, no shutdown code; as if the machine died."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def close(self) -> None:
        self.stop()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)

    def log(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-5000:]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process (all its threads), from /proc."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # After the command name: state is field 3, utime 14 and stime 15 (proc(5)).
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")
