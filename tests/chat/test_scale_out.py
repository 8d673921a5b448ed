"""Scale-out: two daphne processes, one Redis, one database.

A message sent through one process reaches, live, a member whose socket is held by
the other process: the channel layer (channels-redis) carries it between them. Both
members are synced before anyone speaks, so the copy that arrives is the live frame,
not a catch-up from the database.

Runs on whatever database the suite uses (the file-based SQLite test database, or
PostgreSQL in CI's second run) and always on Redis.
"""

import asyncio

import pytest

from chat.models import Message, Room, RoomKind
from tests.chat.crossprocess import running_daphnes, session_cookie
from tests.chat.protocol_client import ChatClient, plain_text
from tests.factories import TrustedMemberFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_a_message_sent_through_one_process_reaches_a_socket_on_the_other():
    room = Room.objects.create(kind=RoomKind.COMMUNITY, slug="koffiekamer", name="Koffiekamer")
    roos, iris = TrustedMemberFactory(username="roos"), TrustedMemberFactory(username="iris")
    path = f"/ws/chat/{room.slug}/"

    with running_daphnes(2) as (first, second):
        assert first.pid != second.pid

        async def conversation() -> tuple[ChatClient, ChatClient]:
            on_first = ChatClient(
                url=first.ws_url(path), cookie=session_cookie_for[roos.pk], origin=first.origin
            ).start()
            on_second = ChatClient(
                url=second.ws_url(path), cookie=session_cookie_for[iris.pk], origin=second.origin
            ).start()
            try:
                for client in (on_first, on_second):
                    await client.wait_until(lambda c=client: c.settled)

                await on_first.send("Goedemorgen vanuit het eerste proces")
                await on_second.wait_until(lambda: len(on_second.messages) == 1)
                await on_second.send("En terug vanuit het tweede")
                await on_first.wait_until(lambda: len(on_first.messages) == 2)
                await on_second.wait_until(lambda: len(on_second.messages) == 2)
            finally:
                await on_first.stop()
                await on_second.stop()
            return on_first, on_second

        session_cookie_for = {roos.pk: session_cookie(roos), iris.pk: session_cookie(iris)}
        on_first, on_second = asyncio.run(asyncio.wait_for(conversation(), timeout=60))

    stored = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "body"))
    assert stored == [
        (1, "Goedemorgen vanuit het eerste proces"),
        (2, "En terug vanuit het tweede"),
    ]
    for client in (on_first, on_second):
        assert client.texts() == [body for _seq, body in stored]
        # One socket each for the whole conversation: nothing came by reconnecting.
        assert client.connections == 1
    # Each member got the other's message once, as a live frame through the other
    # process: the catch-up after connecting was empty.
    assert 1 in on_second.live
    assert 2 in on_first.live
    assert on_first.caught_up == on_second.caught_up == []
    assert on_second.received.count(1) == on_first.received.count(2) == 1
    assert plain_text(on_second.messages[1]) == "Goedemorgen vanuit het eerste proces"
