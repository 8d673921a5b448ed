"""A chat client written from chat/PROTOCOL.md alone, for tests across processes.

It follows the protocol's rules as a browser client must: `sync` from its cursor
after every `ready`, a `sync` when a live message skips a number, reconnection with
exponential backoff and full jitter, and unacknowledged sends resent with their
original `client_id` after a reconnect. It keeps the member's view of the room
(`messages`, by seq) and a log of every copy it received, so that a test can count
lost and duplicated messages.
"""

import asyncio
import contextlib
import html
import json
import random
import re
import uuid
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

# Close codes after which a client must not reconnect (PROTOCOL.md).
FINAL_CLOSE_CODES = frozenset({4001, 4003, 4008})
_TAG = re.compile(r"<[^>]+>")


def plain_text(message: dict[str, Any]) -> str:
    """The text of a message payload's sanitised HTML."""
    return html.unescape(_TAG.sub("", message.get("html") or "")).strip()


class ChatClient:
    def __init__(
        self,
        *,
        url: str,
        cookie: str,
        origin: str,
        backoff_base: float = 0.05,
        backoff_cap: float = 1.0,
    ) -> None:
        self.url = url
        self.cookie = cookie
        self.origin = origin
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.cursor = 0
        self.messages: dict[int, dict[str, Any]] = {}  # the member's view, by seq
        self.received: list[int] = []  # the seq of every copy of a message received
        self.live: list[int] = []  # ... of those that came as a live `message` frame
        self.caught_up: list[int] = []  # ... of those that came in a `sync` answer
        self.acks: dict[str, dict[str, Any]] = {}  # client_id -> stored message
        self.unacked: dict[str, dict[str, Any]] = {}  # client_id -> send frame
        self.errors: list[dict[str, Any]] = []
        self.connections = 0  # handshakes that reached `ready`
        self.close_codes: list[int | None] = []
        self.ws: ClientConnection | None = None
        self._changed = asyncio.Event()
        self._syncing = False
        self._task: asyncio.Task | None = None
        self._stopping = False
        self._final = False

    # --- Lifecycle -------------------------------------------------------------------

    def start(self) -> "ChatClient":
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    async def stop(self) -> None:
        self._stopping = True
        if self.ws is not None:
            await self.ws.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def connected(self) -> bool:
        return self.ws is not None

    @property
    def settled(self) -> bool:
        """Connected, and the catch-up after connecting has been answered."""
        return self.ws is not None and not self._syncing

    async def _run(self) -> None:
        attempt = 0
        while not self._stopping and not self._final:
            try:
                async with connect(
                    self.url,
                    additional_headers={"Cookie": self.cookie},
                    origin=self.origin,
                    compression=None,
                    open_timeout=10,
                    ping_interval=None,
                ) as ws:
                    await self._session(ws)
                    attempt = 0
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError):
                pass
            finally:
                self.ws = None
                self._syncing = False
                self._notify()
            if self._stopping or self._final:
                return
            # Exponential backoff with full jitter (PROTOCOL.md, "Catch-up and gaps").
            ceiling = min(self.backoff_cap, self.backoff_base * 2**attempt)
            await asyncio.sleep(random.uniform(0, ceiling))
            attempt += 1

    async def _session(self, ws: ClientConnection) -> None:
        first = json.loads(await ws.recv())
        if first.get("type") != "ready":
            raise AssertionError(f"expected ready, got {first}")
        self.connections += 1
        self.ws = ws
        await self._sync(self.cursor)
        for frame in list(self.unacked.values()):
            await ws.send(json.dumps(frame))
        self._notify()
        try:
            async for raw in ws:
                await self._handle(json.loads(raw))
        finally:
            self.close_codes.append(ws.close_code)
            if ws.close_code in FINAL_CLOSE_CODES:
                self._final = True

    # --- Frames ------------------------------------------------------------------------

    async def _sync(self, after: int) -> None:
        self._syncing = True
        assert self.ws is not None
        await self.ws.send(json.dumps({"type": "sync", "after": after}))

    def _apply(self, message: dict[str, Any]) -> None:
        self.received.append(message["seq"])
        known = self.messages.get(message["seq"])
        if known is None or message["change_seq"] >= known["change_seq"]:
            self.messages[message["seq"]] = message

    async def _handle(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "messages":
            for item in frame["items"]:
                self.caught_up.append(item["seq"])
                self._apply(item)
            self.cursor = max(self.cursor, frame["upto"])
            if frame.get("more"):
                await self._sync(self.cursor)
            else:
                self._syncing = False
        elif kind == "message":
            message = frame["message"]
            self.live.append(message["seq"])
            self._apply(message)
            if message["change_seq"] > self.cursor + 1:
                # A gap: something was missed. Ask from the cursor; the answer moves it.
                if not self._syncing:
                    await self._sync(self.cursor)
            elif not self._syncing:
                self.cursor = max(self.cursor, message["change_seq"])
        elif kind == "ack":
            # The sender's own message; the cursor moves only through the room's frames,
            # so that a lost frame before it is still noticed.
            self.acks[frame["client_id"]] = frame["message"]
            self.unacked.pop(frame["client_id"], None)
            self._apply(frame["message"])
        elif kind == "error":
            self.errors.append(frame)
            client_id = frame.get("client_id")
            if client_id in self.unacked and frame.get("retry_after") is not None:
                asyncio.get_running_loop().call_later(
                    float(frame["retry_after"]), self._resend, client_id
                )
        self._notify()

    def _resend(self, client_id: str) -> None:
        frame = self.unacked.get(client_id)
        if frame is not None and self.ws is not None:
            asyncio.get_running_loop().create_task(self.ws.send(json.dumps(frame)))

    # --- For tests ---------------------------------------------------------------------

    async def send(self, body: str, *, client_id: str | None = None) -> str:
        """Queue a message; it goes out now if connected, otherwise on reconnect."""
        client_id = client_id or uuid.uuid4().hex
        frame = {"type": "send", "client_id": client_id, "body": body, "reply_to": None}
        self.unacked[client_id] = frame
        if self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(json.dumps(frame))
        return client_id

    def _notify(self) -> None:
        self._changed.set()

    async def wait_until(self, predicate: Callable[[], bool], *, timeout: float = 20.0) -> None:
        """Wait (without sleeping blindly) until `predicate()` holds after some frame."""
        async with asyncio.timeout(timeout):
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

    def texts(self) -> list[str]:
        """The member's view as text, in seq order."""
        return [plain_text(self.messages[seq]) for seq in sorted(self.messages)]
