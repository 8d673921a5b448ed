"""The room's counter: every change in a room takes the next number (chat.models)."""

from django.db import transaction
from django.db.models import F

from chat.models import Room


def seq_next(*, room_id: int, count: int = 1) -> int:
    """Take the room's next `count` numbers and return the last one. Must run inside
    the transaction that saves the change.

    UPDATE first, then read: the UPDATE locks the room row (PostgreSQL) or takes the
    database's write lock (SQLite) before anything is read, so two writers queue up
    instead of reading the same number — on SQLite a SELECT ... FOR UPDATE is a plain
    read, and two transactions that both read before writing deadlock there."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("seq_next must run inside the transaction that saves the change")
    Room.objects.filter(pk=room_id).update(last_seq=F("last_seq") + count)
    return Room.objects.filter(pk=room_id).values_list("last_seq", flat=True).get()
