"""However daphne is started, no client address is printed or logged.

daphne writes an access-log line with the client's address for every request unless
it is started with `--access-log /dev/null`, and the `daphne.access` logger setting
never had an effect. Each test starts a real daphne process the way it is started in
practice (Procfile, `make run`, plain `daphne`, and plain with debug output), makes an
HTTP request and a WebSocket handshake from the distinctive loopback address
127.0.0.3 (with an X-Forwarded-For a proxy might add), stops it and reads everything
it printed (security review, issue 7, item 18).
"""

import io
import logging
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config.serverlog import RedactAddresses

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CLIENT = "127.0.0.3"
FORWARDED = "198.51.100.23"
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_")) and key not in {"DEBUG", "LOG_LEVEL"}
    }
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",  # Whatever daphne prints reaches the pipe at once.
        DATABASE_URL=f"sqlite:///{tmp_path / 'server.sqlite3'}",
        **extra,
    )
    return env


def _request(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(CLIENT, 0)) as s:
        s.sendall(raw)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
            if raw.startswith(b"GET /ws/") and b"\r\n\r\n" in b"".join(chunks):
                break
    return b"".join(chunks)


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"daphne stopped: {process.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail("daphne did not start listening")


def _serve_and_capture(
    command: str, port: int, env: dict[str, str], *, websocket: bool = True
) -> tuple[bytes, bytes, str]:
    """Start `command` in a shell, make the requests, stop it; (http, ws, output)."""
    process = subprocess.Popen(  # noqa: S602 - the command lines under test, as written
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_listening(process, port)
        http = _request(
            port,
            b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"X-Forwarded-For: {FORWARDED}\r\n".encode()
            + b"Connection: close\r\n\r\n",
        )
        ws = websocket and _request(
            port,
            b"GET /ws/nothing-here/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Origin: http://127.0.0.1:{port}\r\nX-Forwarded-For: {FORWARDED}\r\n".encode()
            + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        )
        time.sleep(1)  # Let daphne write whatever it writes after a response.
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
    return http, ws, output.decode(errors="replace")


def _procfile_web(port: int) -> str:
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    return lines["web"].strip().replace("$PORT", str(port))


def _make_run(port: int) -> str:
    """The daphne command `make run` runs (after migrate and seed_demo, not run here)."""
    arguments = ["make", "-n", "run", f"VENV={VENV_BIN.parent}", "HOST=127.0.0.1", f"PORT={port}"]
    dry_run = subprocess.run(  # noqa: S603 - make from PATH, as a developer runs it
        arguments, cwd=ROOT, capture_output=True, text=True, check=True
    )
    commands = [line for line in dry_run.stdout.splitlines() if "daphne" in line]
    assert len(commands) == 1, dry_run.stdout
    return commands[0]


STARTS = {
    "procfile": (_procfile_web, {}),
    "make-run": (_make_run, {}),
    "plain": (lambda port: f"daphne --port {port} config.asgi:application", {}),
    "plain-verbose-debug-logging": (
        lambda port: f"daphne -v 2 --port {port} config.asgi:application",
        {"LOG_LEVEL": "DEBUG"},
    ),
}


@pytest.mark.parametrize("start", STARTS)
def test_daphne_prints_no_client_address_however_it_is_started(start, tmp_path):
    make_command, extra_env = STARTS[start]
    port = _free_port()
    command = make_command(port)

    http, ws, output = _serve_and_capture(command, port, _environment(tmp_path, **extra_env))

    assert http.startswith(b"HTTP/1.1 "), (command, http)  # The request was served...
    assert ws.startswith(b"HTTP/1.1 "), (command, ws)
    assert output.strip() or start != "plain-verbose-debug-logging"
    assert CLIENT not in output, (command, output)  # ...and its address printed nowhere.
    assert FORWARDED not in output, (command, output)


def test_the_check_would_see_an_address_that_daphne_printed(tmp_path):
    """The same capture, with daphne serving a bare app without Kring's settings."""
    app = tmp_path / "bare_app.py"
    app.write_text(
        "async def application(scope, receive, send):\n"
        "    if scope['type'] != 'http':\n"
        "        return\n"
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': []})\n"
        "    await send({'type': 'http.response.body', 'body': b'ok'})\n"
    )
    port = _free_port()
    command = f"cd {shlex.quote(str(tmp_path))} && daphne --port {port} bare_app:application"

    http, _ws, output = _serve_and_capture(command, port, _environment(tmp_path), websocket=False)

    assert http.startswith(b"HTTP/1.1 200")
    assert CLIENT in output


@pytest.mark.parametrize(
    ("message", "logged"),
    [
        ("dropping connection to peer tcp4:127.0.0.3:48471", "peer tcp4:[address]:48471"),
        ("HTTP close for ['2001:db8::7', 5555]", "HTTP close for ['[address]', 5555]"),
        ("took 12:30:51 and version 1.2.3", "took 12:30:51 and version 1.2.3"),
    ],
)
def test_an_address_left_in_a_log_message_is_redacted(message, logged):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactAddresses())
    logger = logging.getLogger("tests.redact")
    logger.addHandler(handler)
    try:
        logger.warning("%s", message)
    finally:
        logger.removeHandler(handler)

    assert logged in stream.getvalue()
    assert "127.0.0.3" not in stream.getvalue()
    assert "2001:db8::7" not in stream.getvalue()
