"""Every send first looks for a stored message with the same client id (a retry must
get the stored message back). That lookup runs on every message, so it must be an
index lookup, not a scan of the room: the unique index on (room, author, client_id) is
partial (client_id not empty), and a database uses a partial index only when the
query says so too. On SQLite the query without that condition scanned every message
of the room, a cost that grows with the room's history (chat load benchmark).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from chat.services.messages import _existing

pytestmark = pytest.mark.services


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())


def test_the_retry_lookup_uses_the_client_id_index(member, community_room):
    with CaptureQueriesContext(connection) as queries:
        _existing(room=community_room, actor=member, client_id="c-1")
    lookups = [q["sql"] for q in queries.captured_queries if '"chat_message"' in q["sql"]]
    assert len(lookups) >= 1
    for sql in lookups:
        assert "chat_unique_client_id" in _plan(sql), sql
    assert Message.objects.count() == 0
