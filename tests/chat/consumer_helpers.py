"""Sockets in tests: WebsocketCommunicator against Kring's whole ASGI stack (origin check,
session, authentication), inside the test's database transaction.

Each test is a plain function that runs one coroutine with `run(...)`
(asgiref's async_to_sync). Database work of the consumers, started from that
coroutine, then runs on the test's own thread and connection, inside the test's
transaction, so the fast non-transactional `db` fixture works. `sockets_in_test`
makes that hold:

- channels closes "old" database connections around every database call; in a test
  that would close the test's connection in its transaction. Django's test client
  stops the same closing for HTTP requests.
- the test's transaction never commits, so a service's `transaction.on_commit`
  broadcasts would never run; they run when the service's database call returns, as
  they would after its commit.

    def test_x(sockets_in_test, member, community_room):
        async def scenario():
            async with socket(member, community_room) as alice:
                ready = await alice.frame("ready")
        run(scenario)
"""

import contextlib
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, async_to_sync, sync_to_async
from channels.db import DatabaseSyncToAsync
from channels.layers import channel_layers, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from chat import fanout
from config.asgi import application
from tests.community.twofactor_helpers import login_verified

ORIGIN = b"http://localhost"
# Frames that arrive whenever sockets come and go or someone types; `Socket.frame`
# skips them unless asked for.
BACKGROUND = frozenset({"presence", "typing"})


def run(scenario: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    return async_to_sync(scenario)()


def _thread_handler(self: Any, loop: Any, *args: Any, **kwargs: Any) -> Any:
    connection = connections[DEFAULT_DB_ALIAS]
    start = len(connection.run_on_commit)
    try:
        result = SyncToAsync.thread_handler(self, loop, *args, **kwargs)
    except BaseException:
        del connection.run_on_commit[start:]
        raise
    pending = connection.run_on_commit[start:]
    del connection.run_on_commit[start:]
    for _savepoints, callback, _robust in pending:
        callback()
    return result


def fresh_channel_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty channel layer object of this test's own: channels-redis binds its
    locks to the event loop that first uses them, and each test runs its own loop."""
    monkeypatch.setattr(channel_layers, "backends", {})
    async_to_sync(get_channel_layer().flush)()
    monkeypatch.setattr(channel_layers, "backends", {})


@pytest.fixture
def sockets_in_test(db, monkeypatch):
    monkeypatch.setattr(DatabaseSyncToAsync, "thread_handler", _thread_handler)
    monkeypatch.setattr(fanout, "PRESENCE_DELAY_SECONDS", 0)
    fresh_channel_layer(monkeypatch)


def session_cookie(user: Any, *, verified: bool = False) -> str:
    """A signed-in session for `user` (verified with a second factor if asked)."""
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def communicator(
    slug: str, *, cookie: str | None = None, origin: bytes | None = ORIGIN
) -> WebsocketCommunicator:
    headers = [(b"host", b"localhost")]
    if origin is not None:
        headers.append((b"origin", origin))
    if cookie is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/chat/{slug}/", headers=headers)


class Socket:
    """A connected communicator with frame helpers."""

    def __init__(self, comm: WebsocketCommunicator) -> None:
        self.comm = comm
        self.ready: dict = {}
        # Frames received while waiting for another type, oldest first: the order of
        # two frames from different sources (an ack and the room's copy) is not fixed.
        self.stash: list[dict] = []

    async def send(self, **frame: Any) -> None:
        await self.comm.send_to(text_data=json.dumps(frame))

    async def send_text(self, text: str) -> None:
        await self.comm.send_to(text_data=text)

    async def frame(self, *types: str, timeout: float = 2.0) -> dict:
        """The next frame of one of `types` (any type but presence and typing notices
        when none are given); fails on a close or after `timeout`."""

        def wanted(data: dict) -> bool:
            return data["type"] in types if types else data["type"] not in BACKGROUND

        for index, data in enumerate(self.stash):
            if wanted(data):
                return self.stash.pop(index)
        while True:
            output = await self.comm.receive_output(timeout)
            assert output["type"] == "websocket.send", output
            data = json.loads(output["text"])
            if wanted(data):
                return data
            if data["type"] not in BACKGROUND:
                self.stash.append(data)

    async def closed_with(self, timeout: float = 2.0) -> int | None:
        """Skip frames until the server closes the socket; its close code."""
        while True:
            output = await self.comm.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def nothing(self, timeout: float = 0.05) -> bool:
        """No frame has arrived or is waiting (presence and typing notices aside)."""
        if self.stash:
            return False
        while not await self.comm.receive_nothing(timeout):
            output = await self.comm.receive_output(timeout)
            if output["type"] != "websocket.send":
                return False
            data = json.loads(output["text"])
            if data["type"] not in BACKGROUND:
                self.stash.append(data)
                return False
        return True


@contextlib.asynccontextmanager
async def socket(
    user: Any, room: Any, *, cookie: str | None = None, verified: bool = False
) -> AsyncIterator[Socket]:
    """A socket of `user` in `room`, connected and past its "ready" frame (kept in
    `socket.ready`)."""
    if cookie is None:
        cookie = await sync_to_async(session_cookie)(user, verified=verified)
    comm = communicator(room.slug, cookie=cookie)
    connected, code = await comm.connect()
    assert connected, f"refused ({code})"
    sock = Socket(comm)
    sock.ready = await sock.frame("ready")
    try:
        yield sock
    finally:
        await comm.disconnect()


async def refused(slug: str, **kwargs: Any) -> bool:
    """Is the handshake refused (HTTP 403, no frame)?"""
    comm = communicator(slug, **kwargs)
    connected, _code = await comm.connect()
    if connected:
        await comm.disconnect()
    return not connected


def service_call(function: Callable[..., Any]) -> Callable[..., Any]:
    """Call a service from the scenario as a consumer would: on the test's connection,
    its broadcasts sent when it returns."""
    return DatabaseSyncToAsync(function)
