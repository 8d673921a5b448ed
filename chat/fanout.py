"""One relay per process between the channel layer and the chat sockets it serves.

The tutorial pattern — every socket joins the room's group and encodes each event
itself — costs a channel-layer message, a dispatch and a JSON encoding per socket per
message; at 100 messages a second in a room of 100 that is more than one core can do.
Here each process has one channel-layer channel, subscribed to the groups of the rooms
it has open sockets in. It receives each room event once, encodes its frame to JSON
once, and writes that text to each of its sockets in the room: per socket there is
only the write.

Nothing is queued per socket in this process: a frame is written to the socket's
transport at once, or lost if the socket has gone (the client recovers it by id). A
client that stops reading is closed by daphne's ping timeout (`--ping-timeout`), which
bounds what the server holds for it; it catches up by id when it comes back.

The relay also counts open sockets per room ("N online", never names): each process
announces its own count on the room's group, when it changes and on a heartbeat, and
adds up the others'; a process that stops announcing (it died) drops out of the sum
after a few heartbeats.
"""

import asyncio
import logging
import time
import uuid
import weakref
from typing import Any, Protocol

from channels.layers import get_channel_layer

from chat.realtime import (
    ROOM_CHANGED,
    ROOM_FRAME,
    ROOM_PRESENCE,
    encode_frame,
    room_group_name,
)

logger = logging.getLogger(__name__)

# Seconds between a process's presence announcements and group renewals (channels'
# group membership expires after a day unless renewed).
HEARTBEAT_SECONDS = 30.0
# A process not heard from for this long is no longer counted.
STALE_AFTER_SECONDS = 2.5 * HEARTBEAT_SECONDS
# Presence changes within this window go out as one frame: a burst of connections
# (a meetup starting, a server restart) must not send every socket a frame per join.
PRESENCE_DELAY_SECONDS = 0.5
# After the channel layer failed (Redis away), wait this long before reading again.
RETRY_SECONDS = 1.0

# When a process was last heard from (monotonic seconds; tests move it).
clock = time.monotonic


class Listener(Protocol):
    """A socket in a room, as the relay sees it (chat.consumers.ChatConsumer)."""

    socket_id: str
    live: bool  # False until its "ready" frame went out, and after it closed

    async def deliver(self, message: dict[str, Any]) -> None:
        """Write one ASGI message ("websocket.send") to the socket."""

    def room_changed(self) -> None:
        """The room's settings changed: send the member a fresh "room" frame."""


class RoomRelay:
    """The relay of one process (one event loop)."""

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.process_id = uuid.uuid4().hex
        self.channel: str | None = None
        self.listeners: dict[int, dict[str, Listener]] = {}
        self.subscribed: set[int] = set()
        # Per room: other processes' counts, process id -> (count, when heard).
        self.remote: dict[int, dict[str, tuple[int, float]]] = {}
        self.shown: dict[int, int] = {}  # the count last sent to this process's sockets
        self.announced: dict[int, int] = {}  # the count last told to other processes
        self.dirty: set[int] = set()
        self.asked: set[int] = set()
        self._locks: dict[int, asyncio.Lock] = {}
        self._start_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._flush_task: asyncio.Task | None = None

    # --- Sockets come and go ---------------------------------------------------------

    async def join(self, room_id: int, listener: Listener) -> int:
        """Add a socket to a room; returns the room's online count, this socket included."""
        await self._start()
        async with self._lock(room_id):
            self.listeners.setdefault(room_id, {})[listener.socket_id] = listener
            if room_id not in self.subscribed:
                # Serialised per room: two first sockets must not subscribe twice.
                await self.layer.group_add(room_group_name(room_id), self.channel)
                self.subscribed.add(room_id)
                self.asked.add(room_id)  # ask the other processes for their counts
                await self._announce(room_id)
                # The only socket here gets the count in its "ready" frame.
                self.shown[room_id] = self.online(room_id)
        self._changed(room_id)
        return self.online(room_id)

    async def leave(self, room_id: int, listener: Listener) -> None:
        """Remove a socket (repeat-safe); the last one out unsubscribes the process."""
        sockets = self.listeners.get(room_id)
        if not sockets or sockets.pop(listener.socket_id, None) is None:
            return
        async with self._lock(room_id):
            if self.listeners.get(room_id) or room_id not in self.subscribed:
                self._changed(room_id)
                return
            self.subscribed.discard(room_id)
            self.listeners.pop(room_id, None)
            self.remote.pop(room_id, None)
            self.shown.pop(room_id, None)
            self.dirty.discard(room_id)
            self.asked.discard(room_id)
            try:
                await self.layer.group_discard(room_group_name(room_id), self.channel)
                await self._announce(room_id)  # 0: the others stop counting this process
            finally:
                self.announced.pop(room_id, None)

    def online(self, room_id: int) -> int:
        """Open sockets in the room across all processes."""
        now = clock()
        others = sum(
            count
            for count, heard in self.remote.get(room_id, {}).values()
            if now - heard < STALE_AFTER_SECONDS
        )
        return len(self.listeners.get(room_id, ())) + others

    # --- Events from the channel layer -----------------------------------------------

    async def handle(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        room_id = event.get("room_id")
        if kind == ROOM_FRAME:
            await self._deliver(room_id, event)
        elif kind == ROOM_PRESENCE:
            self._presence_heard(room_id, event)
        elif kind == ROOM_CHANGED:
            for listener in tuple(self.listeners.get(room_id, {}).values()):
                if listener.live:
                    listener.room_changed()

    async def _deliver(self, room_id: Any, event: dict[str, Any]) -> None:
        sockets = self.listeners.get(room_id)
        if not sockets:
            return
        text = encode_frame(event["frame"])
        # One message object for every socket: nothing below changes it.
        message = {"type": "websocket.send", "text": text}
        origin = event.get("origin")
        for listener in tuple(sockets.values()):
            if not listener.live or listener.socket_id == origin:
                continue
            try:
                await listener.deliver(message)
            except Exception:
                # One broken socket must not keep the frame from the others.
                logger.exception("A chat socket could not take a frame.")

    def _presence_heard(self, room_id: Any, event: dict[str, Any]) -> None:
        process = event.get("process")
        if process == self.process_id or room_id not in self.subscribed:
            return
        counts = self.remote.setdefault(room_id, {})
        count = event.get("count")
        if isinstance(count, int) and count > 0:
            counts[process] = (count, clock())
        else:
            counts.pop(process, None)
        if event.get("ask"):
            self.asked.add(room_id)
        self._changed(room_id)

    # --- Presence --------------------------------------------------------------------

    def _changed(self, room_id: int) -> None:
        self.dirty.add(room_id)
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = self._spawn(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(PRESENCE_DELAY_SECONDS)
        self._flush_task = None
        rooms, self.dirty = self.dirty, set()
        for room_id in rooms:
            if room_id not in self.subscribed:
                continue
            async with self._lock(room_id):
                if room_id in self.asked or self.announced.get(room_id) != len(
                    self.listeners.get(room_id, ())
                ):
                    await self._announce(room_id)
            online = self.online(room_id)
            if self.shown.get(room_id) != online:
                self.shown[room_id] = online
                await self._deliver(room_id, {"frame": {"type": "presence", "online": online}})

    async def _announce(self, room_id: int) -> None:
        count = len(self.listeners.get(room_id, ())) if room_id in self.subscribed else 0
        ask = room_id in self.asked
        self.asked.discard(room_id)
        self.announced[room_id] = count
        await self.layer.group_send(
            room_group_name(room_id),
            {
                "type": ROOM_PRESENCE,
                "room_id": room_id,
                "process": self.process_id,
                "count": count,
                "ask": ask,
            },
        )

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                await self._beat()
            except Exception:
                if _stopping():
                    raise
                logger.exception("The chat relay's heartbeat failed.")

    async def _beat(self) -> None:
        now = clock()
        for room_id in tuple(self.subscribed):
            async with self._lock(room_id):
                if room_id not in self.subscribed:
                    continue
                await self.layer.group_add(room_group_name(room_id), self.channel)
                await self._announce(room_id)
            counts = self.remote.get(room_id, {})
            for process, (_count, heard) in tuple(counts.items()):
                if now - heard >= STALE_AFTER_SECONDS:
                    del counts[process]
                    self._changed(room_id)

    # --- Running -----------------------------------------------------------------------

    async def _start(self) -> None:
        if self.channel is not None:
            return
        async with self._start_lock:
            if self.channel is None:
                channel = await self.layer.new_channel()
                self._spawn(self._read(channel))
                self._spawn(self._heartbeat())
                self.channel = channel

    async def _read(self, channel: str) -> None:
        while True:
            try:
                event = await self.layer.receive(channel)
            except Exception:
                if _stopping():
                    raise
                logger.exception("The chat relay could not read from the channel layer.")
                await asyncio.sleep(RETRY_SECONDS)
                continue
            try:
                await self.handle(event)
            except Exception:
                logger.exception("The chat relay could not handle an event.")

    def _lock(self, room_id: int) -> asyncio.Lock:
        lock = self._locks.get(room_id)
        if lock is None:
            lock = self._locks[room_id] = asyncio.Lock()
        return lock

    def _spawn(self, coroutine: Any) -> asyncio.Task:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def _stopping() -> bool:
    """Was this task asked to stop? A cancellation can surface as another error (the
    Redis client's, when its connection is torn down); retrying then would keep the
    task, and the process's shutdown, waiting for ever."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


_relays: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RoomRelay]" = (
    weakref.WeakKeyDictionary()
)


def relay_for_this_process() -> RoomRelay:
    """The relay of the running event loop (daphne runs one loop per process; each test
    runs its own loop, so each gets a fresh relay)."""
    loop = asyncio.get_running_loop()
    relay = _relays.get(loop)
    if relay is None:
        relay = _relays[loop] = RoomRelay(get_channel_layer())
    return relay
