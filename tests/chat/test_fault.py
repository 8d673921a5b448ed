"""Fault test: the daphne process serving a member is killed mid-conversation.

Roos's socket is held by process A, Iris's by process B (one database, one Redis).
They chat; Roos sends three messages without waiting for their acknowledgements and
A is killed at once with SIGKILL (no close frame: some of those sends may be stored,
their acks never sent). While A is down, Iris goes on talking through B and Roos types
two more messages into her queue. A starts again on the same port; Roos's client
reconnects with backoff, catches up from its cursor and resends every unacknowledged
send with its original client_id.

At the end every message that was committed is in both members' views exactly once,
and every message anyone sent was committed exactly once: 0 lost, 0 duplicated,
counted by seq against the database.
"""

import asyncio
from collections import Counter

import pytest

from chat.models import Message, Room, RoomKind
from tests.chat.crossprocess import running_daphnes, session_cookie
from tests.chat.protocol_client import ChatClient
from tests.factories import TrustedMemberFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_killed_process_client_reconnects_with_nothing_lost_or_duplicated():
    room = Room.objects.create(kind=RoomKind.COMMUNITY, slug="koffiekamer", name="Koffiekamer")
    roos, iris = TrustedMemberFactory(username="roos"), TrustedMemberFactory(username="iris")
    cookies = {"roos": session_cookie(roos), "iris": session_cookie(iris)}
    path = f"/ws/chat/{room.slug}/"
    sent: list[str] = []
    down: list[int] = []  # seqs committed while A was down

    with running_daphnes(2) as (server_a, server_b):

        async def conversation() -> tuple[ChatClient, ChatClient]:
            on_a = ChatClient(
                url=server_a.ws_url(path), cookie=cookies["roos"], origin=server_a.origin
            ).start()
            on_b = ChatClient(
                url=server_b.ws_url(path), cookie=cookies["iris"], origin=server_b.origin
            ).start()
            clients = (on_a, on_b)

            async def say(client: ChatClient, body: str, *, wait: bool = True) -> str:
                sent.append(body)
                client_id = await client.send(body)
                if wait:
                    await client.wait_until(lambda: client_id in client.acks)
                return client_id

            try:
                for client in clients:
                    await client.wait_until(lambda c=client: c.settled)
                for turn in range(1, 5):
                    await say(on_a, f"roos {turn}")
                    await say(on_b, f"iris {turn}")
                await on_a.wait_until(lambda: len(on_a.messages) == 8)

                # In flight when A dies: sent, perhaps stored, never acknowledged.
                for turn in range(5, 8):
                    await say(on_a, f"roos {turn}", wait=False)
                await asyncio.to_thread(server_a.kill)
                await on_a.wait_until(lambda: not on_a.connected)

                # A is down: Iris goes on through B; Roos's messages wait in her queue.
                for turn in range(5, 9):
                    client_id = await say(on_b, f"iris {turn}")
                    down.append(on_b.acks[client_id]["seq"])
                await say(on_a, "roos 8", wait=False)
                await say(on_a, "roos 9", wait=False)
                assert not on_a.connected

                await asyncio.to_thread(lambda: server_a.start().wait_ready())
                await on_a.wait_until(lambda: on_a.connections == 2 and on_a.settled)
                for turn in range(10, 12):
                    await say(on_a, f"roos {turn}")
                    await say(on_b, f"iris {turn - 1}")
                for client in clients:
                    await client.wait_until(
                        lambda c=client: not c.unacked and len(c.messages) == len(sent)
                    )
            finally:
                for client in clients:
                    await client.stop()
            return on_a, on_b

        on_a, on_b = asyncio.run(asyncio.wait_for(conversation(), timeout=90))
        assert server_a.starts == 2

    stored = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "body"))
    seqs = [seq for seq, _body in stored]
    bodies = [body for _seq, body in stored]
    # The record: every message sent was committed exactly once, numbered without gaps.
    assert seqs == list(range(1, len(sent) + 1))
    assert Counter(bodies) == Counter(sent)
    for client in (on_a, on_b):
        # Each member's view: every committed message, once, in order.
        assert sorted(client.messages) == seqs
        assert client.texts() == bodies
        assert not client.unacked
    # Roos's socket really died, and what was committed meanwhile came by catch-up.
    assert on_a.connections == 2
    assert on_b.connections == 1, (on_b.close_codes, on_b.errors, on_a.close_codes, on_a.errors)
    assert set(down) <= set(on_a.caught_up)
    assert not set(down) & set(on_a.live)
