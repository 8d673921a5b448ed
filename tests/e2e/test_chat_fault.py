"""Fault test in the browser: the daphne process serving a member dies mid-conversation.

Two daphne processes share the test database and Redis. Roos's page (chat.js in
Chromium) is served by process A, Iris's by process B. They chat; Roos sends a
message and A is killed with SIGKILL at once (no close frame, perhaps after the
commit and before the ack). While A is down Iris goes on through B, and Roos types
two more messages, which wait in her page's queue under "reconnecting". A starts
again on the same port; Roos's page reconnects with its backoff, catches up from its
cursor and sends its queue with the original client_ids.

At the end both pages show every committed message exactly once, in seq order, and
every message typed was committed exactly once: 0 lost, 0 duplicated, counted by seq
against the database. tests/chat/test_fault.py does the same with a protocol client
and more sends in flight; this one proves the real client's reconnect and queue.
"""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from chat.models import Message, Room, RoomKind
from tests.chat.crossprocess import running_daphnes, session_cookie
from tests.factories import TrustedMemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

# The page's backoff starts at 0.5 s and doubles: a restart of a few seconds is over
# well within this.
RECONNECT_TIMEOUT_MS = 40_000


def _open_room(browser, server, user, slug):
    context = browser.new_context(base_url=server.origin, locale="en-GB")
    context.set_default_timeout(15_000)
    name, value = session_cookie(user).split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": server.origin}])
    page = context.new_page()
    page.goto(f"/chat/{slug}/")
    # "N online" is filled in by the `ready` frame: the socket is open.
    expect(page.locator("[data-online]")).not_to_have_text("")
    return context, page


def _say(page, body: str) -> None:
    page.locator("[data-body]").fill(body)
    page.locator("[data-body]").press("Enter")


def _log(page) -> list[tuple[int, str]]:
    """The page's messages: (seq, text) in the order shown."""
    items = page.locator("[data-log] [data-seq]").evaluate_all(
        """items => items.map(item => [
            parseInt(item.getAttribute("data-seq"), 10),
            (item.querySelector("[data-chat-body]") || item).innerText.trim(),
        ])"""
    )
    return [(seq, text) for seq, text in items]


def _wait_for_count(page, count: int, *, timeout: int = 15_000) -> None:
    page.wait_for_function(
        "count => document.querySelectorAll('[data-log] [data-seq]').length >= count",
        arg=count,
        timeout=timeout,
    )


def test_page_on_a_killed_process_reconnects_with_nothing_lost_or_duplicated(
    browser, transactional_db
):
    room = Room.objects.create(kind=RoomKind.COMMUNITY, slug="koffiekamer", name="Koffiekamer")
    roos, iris = TrustedMemberFactory(username="roos"), TrustedMemberFactory(username="iris")
    typed: list[str] = []

    with running_daphnes(2) as (server_a, server_b):
        roos_context, roos_page = _open_room(browser, server_a, roos, room.slug)
        iris_context, iris_page = _open_room(browser, server_b, iris, room.slug)
        try:
            for turn in range(1, 4):
                for page, name in ((roos_page, "roos"), (iris_page, "iris")):
                    typed.append(f"{name} {turn}")
                    _say(page, typed[-1])
                    _wait_for_count(roos_page, len(typed))
                    _wait_for_count(iris_page, len(typed))

            typed.append("roos 4, just before the crash")
            _say(roos_page, typed[-1])
            server_a.kill()
            status = roos_page.locator("[data-status]")
            expect(status).to_have_text(re.compile("Reconnecting"))

            for turn in range(4, 7):
                typed.append(f"iris {turn}")
                _say(iris_page, typed[-1])
                _wait_for_count(iris_page, len(typed) - 1)
            for turn in (5, 6):
                typed.append(f"roos {turn}, typed while away")
                _say(roos_page, typed[-1])
            # Not sent yet: in the page's queue, shown as waiting (with "roos 4" when its
            # ack was lost with the process).
            pending = roos_page.locator("[data-pending] [data-client-id]")
            roos_page.wait_for_function(
                "() => document.querySelectorAll('[data-pending] [data-client-id]').length >= 2"
            )
            assert pending.count() in (2, 3)

            server_a.start().wait_ready()
            _wait_for_count(roos_page, len(typed), timeout=RECONNECT_TIMEOUT_MS)
            _wait_for_count(iris_page, len(typed))
            expect(pending).to_have_count(0)
            expect(status).to_have_text(re.compile("Connected"))
            roos_log, iris_log = _log(roos_page), _log(iris_page)
        finally:
            roos_context.close()
            iris_context.close()

    stored = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "body"))
    # The record: every message typed was committed exactly once, numbered without gaps.
    assert [seq for seq, _body in stored] == list(range(1, len(typed) + 1))
    assert Counter(body for _seq, body in stored) == Counter(typed)
    # Each page: every committed message once, in seq order, with its text.
    assert roos_log == iris_log == stored
    assert server_a.starts == 2
