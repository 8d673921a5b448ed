"""The per-process relay (chat.fanout): each room event once per process, its frame
encoded once, every local socket served; "N online" added up across processes.

Two RoomRelay objects stand for two daphne processes, each with its own channel. With
Redis each also gets its own layer object, as a process has; the in-memory layer only
reaches within one object, so there they share it. (tests/benchmarks and the
two-process test run real daphne processes.)"""

import asyncio
import json
from typing import Any

import pytest
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer

from chat import fanout
from chat.fanout import RoomRelay
from chat.realtime import ROOM_CHANGED, ROOM_PRESENCE, room_frame_event, room_group_name
from tests.chat.consumer_helpers import fresh_channel_layer, run

# Not `services`: these drive the relay with simulated processes on the in-memory
# layer; the real cross-process path on Redis is tests/chat/test_scale_out.py.

ROOM = 41


class FakeSocket:
    """What the relay needs of a consumer; records what it is given."""

    def __init__(self, name: str) -> None:
        self.socket_id = name
        self.live = True
        self.messages: list[dict] = []
        self.changed = 0

    async def deliver(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    def room_changed(self) -> None:
        self.changed += 1

    def frames(self, kind: str | None = None) -> list[dict]:
        decoded = [json.loads(message["text"]) for message in self.messages]
        return [frame for frame in decoded if kind is None or frame["type"] == kind]


def two_processes() -> tuple[RoomRelay, RoomRelay]:
    layer = get_channel_layer()
    other = layer
    if not isinstance(layer, InMemoryChannelLayer):
        other = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    return RoomRelay(layer), RoomRelay(other)


async def until(condition, timeout: float = 2.0) -> None:
    """Wait for `condition()` to hold, letting the relays' tasks run meanwhile."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


@pytest.fixture(autouse=True)
def no_presence_delay(monkeypatch):
    monkeypatch.setattr(fanout, "PRESENCE_DELAY_SECONDS", 0)
    fresh_channel_layer(monkeypatch)


def test_each_process_gets_a_room_event_once_and_encodes_it_once(monkeypatch):
    encoded = []
    real_encode = fanout.encode_frame

    def counting_encode(frame):
        encoded.append(frame["type"])
        return real_encode(frame)

    monkeypatch.setattr(fanout, "encode_frame", counting_encode)

    async def scenario():
        layer = get_channel_layer()
        first, second = two_processes()
        here = [FakeSocket(f"a{n}") for n in range(3)]
        there = [FakeSocket(f"b{n}") for n in range(2)]
        for sock in here:
            await first.join(ROOM, sock)
        for sock in there:
            await second.join(ROOM, sock)
        elsewhere = FakeSocket("elsewhere")
        await first.join(ROOM + 1, elsewhere)
        await until(
            lambda: all(
                s.frames("presence")[-1:] == [{"type": "presence", "online": 5}]
                for s in here + there
            )
        )
        encoded.clear()

        frame = {"type": "message", "message": {"seq": 1, "change_seq": 1, "html": "<p>é</p>"}}
        await layer.group_send(room_group_name(ROOM), room_frame_event(ROOM, frame))
        await until(lambda: all(s.frames("message") for s in here + there))
        await asyncio.sleep(0)

        assert encoded == ["message", "message"]  # once per process, not per socket
        for sock in here + there:
            assert sock.frames("message") == [frame]
        # Within a process every socket is handed the same text object.
        assert len({id(sock.messages[-1]["text"]) for sock in here}) == 1
        assert elsewhere.frames("message") == []

    run(scenario)


def test_typing_is_not_sent_back_to_its_socket_and_closed_sockets_get_nothing():
    async def scenario():
        layer = get_channel_layer()
        relay = RoomRelay(layer)
        typist, reader, closing = FakeSocket("t"), FakeSocket("r"), FakeSocket("c")
        for sock in (typist, reader, closing):
            await relay.join(ROOM, sock)
        closing.live = False

        event = room_frame_event(ROOM, {"type": "typing", "name": "Roos"}, origin="t")
        await layer.group_send(room_group_name(ROOM), event)
        await until(lambda: reader.frames("typing"))

        assert typist.frames("typing") == []
        assert closing.frames("typing") == []

    run(scenario)


def test_presence_adds_up_the_processes():
    async def scenario():
        first, second = two_processes()
        alice, bea, cas = FakeSocket("a"), FakeSocket("b"), FakeSocket("c")
        assert await first.join(ROOM, alice) == 1
        await second.join(ROOM, bea)
        await second.join(ROOM, cas)
        await until(lambda: alice.frames("presence")[-1:] == [{"type": "presence", "online": 3}])
        await until(lambda: first.online(ROOM) == second.online(ROOM) == 3)

        # A socket leaves the second process: the first hears it.
        await second.leave(ROOM, cas)
        await until(lambda: alice.frames("presence")[-1]["online"] == 2)

    run(scenario)


def test_presence_forgets_a_process_that_stopped_announcing(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(fanout, "clock", lambda: clock[0])

    async def scenario():
        layer = get_channel_layer()
        relay = RoomRelay(layer)
        alice = FakeSocket("a")
        await relay.join(ROOM, alice)
        # Another process announces four sockets, then dies without a word.
        await layer.group_send(
            room_group_name(ROOM),
            {"type": ROOM_PRESENCE, "room_id": ROOM, "process": "gone", "count": 4, "ask": False},
        )
        await until(lambda: alice.frames("presence")[-1:] == [{"type": "presence", "online": 5}])

        clock[0] += fanout.HEARTBEAT_SECONDS
        await relay._beat()
        assert relay.online(ROOM) == 5  # one missed heartbeat is not death
        clock[0] += fanout.STALE_AFTER_SECONDS
        await relay._beat()
        await until(lambda: alice.frames("presence")[-1]["online"] == 1)

    run(scenario)


def test_the_last_socket_out_unsubscribes_the_process():
    async def scenario():
        layer = get_channel_layer()
        relay = RoomRelay(layer)
        sock = FakeSocket("s")
        await relay.join(ROOM, sock)
        await relay.leave(ROOM, sock)
        await relay.leave(ROOM, sock)  # repeat-safe

        assert relay.subscribed == set()
        assert relay.online(ROOM) == 0
        # Join again: subscribed afresh, and the room's events arrive.
        again = FakeSocket("again")
        await relay.join(ROOM, again)
        await layer.group_send(room_group_name(ROOM), {"type": ROOM_CHANGED, "room_id": ROOM})
        await until(lambda: again.changed == 1)
        assert sock.changed == 0

    run(scenario)
