"""Two processes' worth of writers at once: numbers stay unique and whole, and a send
retried while its first copy is still being stored is stored once."""

import threading

import pytest
from django.db import connection
from django.test import override_settings

from chat import services
from chat.models import Message, Room
from tests.chat.factories import RoomFactory
from tests.factories import TrustedMemberFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _in_threads(work, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@override_settings(KRING_CHAT_RATE_LIMIT=(100, 1.0))
def test_concurrent_senders_get_unique_whole_numbers_and_retries_store_once():
    room = RoomFactory()
    members = [TrustedMemberFactory() for _ in range(4)]

    def send(index: int) -> None:
        member = members[index]
        for number in range(5):
            # Every send is made twice, as a client that retries at once would.
            for _copy in range(2):
                services.message_post(
                    actor=member,
                    room=Room.objects.get(pk=room.pk),
                    body=f"Bericht {number}",
                    client_id=f"m{index}-{number}",
                )

    assert _in_threads(send, len(members)) == []

    seqs = sorted(Message.objects.filter(room=room).values_list("seq", flat=True))
    assert seqs == list(range(1, 21))
    room.refresh_from_db()
    assert room.last_seq == 20


@override_settings(KRING_CHAT_RATE_LIMIT=(100, 1.0))
def test_two_copies_of_one_send_racing_store_one_message():
    room = RoomFactory()
    member = TrustedMemberFactory()
    results = []

    def send(index: int) -> None:
        results.append(
            services.message_post(
                actor=member, room=Room.objects.get(pk=room.pk), body="Hoi", client_id="same"
            )
        )

    assert _in_threads(send, 2) == []

    assert Message.objects.filter(room=room).count() == 1
    assert sorted(posted.created for posted in results) == [False, True]
    assert {posted.message.pk for posted in results} == {Message.objects.get().pk}
