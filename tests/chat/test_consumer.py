"""The chat socket (chat/PROTOCOL.md) through Kring's whole ASGI stack: who may connect,
sending and receiving, idempotent retries, catch-up, the gap rule, limits, edits and
deletions, and what moderation and the end of a session do to an open socket."""

import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat import consumers, services
from chat.models import Message
from community.moderation.services import sanction_apply
from community.realtime import session_group_name
from tests.chat.consumer_helpers import (
    communicator,
    refused,
    run,
    service_call,
    session_cookie,
    socket,
    sockets_in_test,  # noqa: F401 (fixture)
)
from tests.factories import ModeratorFactory, PendingUserFactory, TrustedMemberFactory

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("sockets_in_test")]


def suspended_member():
    member = TrustedMemberFactory()
    member.suspended_until = timezone.now() + datetime.timedelta(days=3)
    member.save(update_fields=["suspended_until"])
    return member


# --- The handshake ----------------------------------------------------------------------


def test_visitors_pending_and_suspended_members_are_refused_before_accept(member, community_room):
    pending = session_cookie(PendingUserFactory())
    suspended = session_cookie(suspended_member())
    welcome = session_cookie(member)

    async def scenario():
        assert await refused(community_room.slug)  # no session cookie: a visitor
        assert await refused(community_room.slug, cookie="not-a-session")
        assert await refused(community_room.slug, cookie=pending)
        assert await refused(community_room.slug, cookie=suspended)
        assert not await refused(community_room.slug, cookie=welcome)

    run(scenario)


def test_cross_origin_handshakes_are_refused(member, community_room):
    cookie = session_cookie(member)

    async def scenario():
        assert await refused(community_room.slug, cookie=cookie, origin=b"https://evil.example")
        assert await refused(community_room.slug, cookie=cookie, origin=None)
        assert not await refused(community_room.slug, cookie=cookie)

    run(scenario)


def test_rooms_the_member_may_not_read_are_refused_like_missing_ones(member, moderators_room):
    moderator = ModeratorFactory()
    member_cookie = session_cookie(member)
    unverified_moderator = session_cookie(moderator)
    verified_moderator = session_cookie(moderator, verified=True)

    async def scenario():
        assert await refused(moderators_room.slug, cookie=member_cookie)
        assert await refused("no-such-room", cookie=member_cookie)
        # A moderator's role counts only in a session verified with a second factor.
        assert await refused(moderators_room.slug, cookie=unverified_moderator)
        assert not await refused(moderators_room.slug, cookie=verified_moderator)

    run(scenario)


def test_ready_describes_the_room_and_counts_sockets_not_names(
    member, other_member, community_room
):
    async def scenario():
        async with socket(member, community_room) as alice:
            assert alice.ready["room"]["slug"] == community_room.slug
            assert alice.ready["room"]["can_post"] is True
            assert alice.ready["online"] == 1
            async with socket(other_member, community_room) as bea:
                assert bea.ready["online"] == 2
                assert (await alice.frame("presence")) == {"type": "presence", "online": 2}
            assert (await alice.frame("presence"))["online"] == 1

    run(scenario)


# --- Sending and receiving --------------------------------------------------------------


def test_a_message_reaches_the_other_member_and_the_sender_gets_an_ack(
    member, other_member, community_room
):
    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            await alice.send(type="send", client_id="c-1", body="Hallo **Bea**", reply_to=None)

            ack = await alice.frame("ack")
            received = await bea.frame("message")

            assert ack["client_id"] == "c-1"
            assert received["message"]["seq"] == ack["message"]["seq"] == 1
            assert received["message"]["html"].strip() == "<p>Hallo <strong>Bea</strong></p>"
            assert received["message"]["author"]["name"] == member.username
            # The sender hears the room's copy too; clients keep one per seq.
            assert (await alice.frame("message"))["message"]["seq"] == 1

    run(scenario)


def test_a_retried_send_is_stored_once(member, other_member, community_room):
    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            for _attempt in range(2):
                await alice.send(type="send", client_id="same-1", body="Twee keer?")
                ack = await alice.frame("ack")
                assert ack["message"]["seq"] == 1

            assert (await bea.frame("message"))["message"]["seq"] == 1
            assert await bea.nothing()

    run(scenario)
    assert Message.objects.filter(room=community_room).count() == 1


# --- Catch-up, history and the gap rule -------------------------------------------------


def test_a_member_who_was_away_catches_up_on_new_and_changed_messages(
    member, other_member, community_room
):
    async def scenario():
        async with socket(member, community_room) as alice:
            async with socket(other_member, community_room) as bea:
                await alice.send(type="send", client_id="m-1", body="Eerste")
                cursor = (await bea.frame("message"))["message"]["change_seq"]
            # Bea is gone: a new message, another, and an edit of the first.
            await alice.send(type="send", client_id="m-2", body="Tweede")
            await alice.frame("ack")
            await alice.send(type="send", client_id="m-3", body="Derde")
            await alice.frame("ack")
            await alice.send(type="edit", seq=1, body="Eerste, verbeterd")
            async with socket(other_member, community_room) as bea:
                assert bea.ready["room"]["last_seq"] == 4
                await bea.send(type="sync", after=cursor)
                caught_up = await bea.frame("messages")

        assert [item["seq"] for item in caught_up["items"]] == [2, 3, 1]
        assert [item["change_seq"] for item in caught_up["items"]] == [2, 3, 4]
        assert "verbeterd" in caught_up["items"][2]["html"]
        assert caught_up["upto"] == 4
        assert caught_up["more"] is False

    run(scenario)


def test_catch_up_is_bounded_and_says_when_there_is_more(monkeypatch, member, community_room):
    monkeypatch.setattr(consumers, "SYNC_LIMIT", 2)
    for number in range(3):
        services.message_post(
            actor=member, room=community_room, body=f"Bericht {number}", client_id=f"b-{number}"
        )

    async def scenario():
        async with socket(member, community_room) as alice:
            await alice.send(type="sync", after=0)
            first = await alice.frame("messages")
            await alice.send(type="sync", after=first["upto"])
            second = await alice.frame("messages")
            await alice.send(type="history", before=3)
            earlier = await alice.frame("history")

        assert [item["seq"] for item in first["items"]] == [1, 2]
        assert (first["upto"], first["more"]) == (2, True)
        assert [item["seq"] for item in second["items"]] == [3]
        assert (second["upto"], second["more"]) == (3, False)
        assert [item["seq"] for item in earlier["items"]] == [1, 2]
        assert earlier["more"] is False

    run(scenario)


def test_a_frame_the_channel_layer_dropped_is_recovered_through_the_gap_rule(
    member, other_member, community_room
):
    def post_without_broadcast():
        # Posted outside the consumers' database calls: its after-commit broadcast stays
        # queued in the test's never-committed transaction, as if the layer dropped it.
        return services.message_post(
            actor=other_member, room=community_room, body="Verloren?", client_id="lost-1"
        ).message.change_seq

    async def scenario():
        async with socket(member, community_room) as alice:
            cursor = alice.ready["room"]["last_seq"]
            lost = await sync_to_async(post_without_broadcast)()
            assert await alice.nothing()

            await service_call(services.message_post)(
                actor=other_member, room=community_room, body="Live", client_id="live-1"
            )
            live = (await alice.frame("message"))["message"]
            # The client's rule (PROTOCOL.md): a change_seq beyond cursor + 1 is a gap.
            assert live["change_seq"] > cursor + 1
            await alice.send(type="sync", after=cursor)
            recovered = await alice.frame("messages")

        assert [item["change_seq"] for item in recovered["items"]] == [lost, live["change_seq"]]
        assert "Verloren?" in recovered["items"][0]["html"]

    run(scenario)


def test_read_marks_are_stored(member, community_room):
    services.message_post(actor=member, room=community_room, body="Hoi", client_id="r-1")

    async def scenario():
        async with socket(member, community_room) as alice:
            await alice.send(type="read", seq=1)
            await alice.send(type="ping")
            assert await alice.frame() == {"type": "pong"}

    run(scenario)
    membership = community_room.memberships.get(member=member)
    assert membership.last_read_seq == 1


# --- Limits -----------------------------------------------------------------------------


def test_sending_too_fast_gets_rate_limited_with_a_retry_time(settings, member, community_room):
    settings.KRING_CHAT_RATE_LIMIT = (2, 60.0)

    async def scenario():
        async with socket(member, community_room) as alice:
            for number in range(3):
                await alice.send(type="send", client_id=f"q-{number}", body="Snel")
            acks = [await alice.frame("ack"), await alice.frame("ack")]
            error = await alice.frame("error")

        assert [ack["client_id"] for ack in acks] == ["q-0", "q-1"]
        assert error["code"] == "rate_limited"
        assert error["client_id"] == "q-2"
        assert error["retry_after"] > 0

    run(scenario)


def test_bad_frames_get_error_frames_and_break_nothing(member, other_member, community_room):
    bad = [
        ("{not json", "bad_frame"),
        ("[1, 2]", "bad_frame"),
        ('{"no": "type"}', "bad_frame"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "send", "client_id": 7, "body": "x"}', "bad_frame"),
        ('{"type": "sync", "after": true}', "bad_frame"),
        ('{"type": "history", "before": "3"}', "bad_frame"),
        ("[" * 5000 + "]" * 5000, "bad_frame"),
        (json.dumps({"type": "send", "client_id": "x", "body": "é" * 9000}), "too_large"),
    ]

    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            for text, code in bad:
                await alice.send_text(text)
                assert (await alice.frame("error"))["code"] == code, text
            await alice.comm.send_to(bytes_data=b"\x00\x01")
            assert (await alice.frame("error"))["code"] == "bad_frame"

            # The socket still works, and the other one never noticed.
            await alice.send(type="ping")
            assert await alice.frame() == {"type": "pong"}
            assert await bea.nothing()
            await bea.send(type="send", client_id="ok-1", body="Gaat het?")
            assert (await alice.frame("message"))["message"]["seq"] == 1

    run(scenario)


def test_a_socket_that_keeps_sending_invalid_frames_is_closed(member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            for _number in range(consumers.INVALID_LIMIT + 1):
                await alice.send_text("nonsense")
            assert await alice.closed_with() == consumers.CLOSE_TOO_MANY_INVALID

    run(scenario)


def test_a_failing_frame_is_answered_and_logged_without_the_client_address(
    monkeypatch, caplog, member, community_room
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(consumers.selectors, "messages_changed_after", broken)
    cookie = session_cookie(member)

    async def scenario():
        comm = communicator(community_room.slug, cookie=cookie)
        comm.scope["client"] = ["203.0.113.9", 51234]
        assert (await comm.connect())[0]
        await comm.receive_from()  # ready
        await comm.send_json_to({"type": "sync", "after": 0})
        error = json.loads(await comm.receive_from())
        await comm.send_json_to({"type": "ping"})
        pong = json.loads(await comm.receive_from())
        await comm.disconnect()
        return error, pong

    error, pong = run(scenario)
    assert error["code"] == "server_error"
    assert pong == {"type": "pong"}
    assert "database went away" in caplog.text
    assert "203.0.113.9" not in caplog.text


# --- Edits, deletions, typing -----------------------------------------------------------


def test_authors_edit_and_delete_their_messages_and_the_room_sees_it(
    member, other_member, community_room
):
    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            await alice.send(type="send", client_id="e-1", body="Tikfuot")
            assert (await bea.frame("message"))["message"]["change_seq"] == 1

            await alice.send(type="edit", seq=1, body="Tikfout")
            edited = (await bea.frame("message"))["message"]
            await bea.send(type="delete", seq=1)
            refused_delete = await bea.frame("error")
            await alice.send(type="delete", seq=1)
            deleted = (await bea.frame("message"))["message"]

        assert (edited["seq"], edited["change_seq"]) == (1, 2)
        assert "Tikfout" in edited["html"]
        assert edited["edited_at"] is not None
        assert refused_delete["code"] == "forbidden"
        assert refused_delete["for"] == "delete"
        assert refused_delete["seq"] == 1
        assert deleted == {"seq": 1, "change_seq": 3, "deleted": True}

    run(scenario)
    assert Message.objects.get(room=community_room, seq=1).body == ""


def test_a_verified_moderator_deletes_any_message_through_the_socket(member, community_room):
    moderator = ModeratorFactory()

    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(moderator, community_room, verified=True) as mod,
        ):
            await alice.send(type="send", client_id="d-1", body="Iets ongepasts")
            assert (await alice.frame("message"))["message"]["deleted"] is False
            await mod.frame("message")
            await mod.send(type="delete", seq=1)
            assert (await alice.frame("message"))["message"]["deleted"] is True

    run(scenario)


def test_typing_reaches_the_others_only_and_is_not_stored(member, other_member, community_room):
    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            await alice.send(type="typing")
            await alice.send(type="typing")  # within the throttle: not sent again
            assert await bea.frame("typing") == {"type": "typing", "name": member.username}
            await alice.send(type="ping")
            assert await alice.frame() == {"type": "pong"}
            assert not any(frame["type"] == "typing" for frame in alice.stash)
            await bea.send(type="ping")
            assert await bea.frame() == {"type": "pong"}
            assert await bea.nothing()

    run(scenario)
    assert not Message.objects.exists()


# --- Moderation -------------------------------------------------------------------------


def test_a_muted_member_hears_it_and_cannot_send(moderator, member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            await service_call(services.room_mute)(
                actor=moderator, room=community_room, member=member, minutes=30, reason="Rust"
            )
            room = (await alice.frame("room"))["room"]
            assert room["can_post"] is False
            await alice.send(type="send", client_id="m-1", body="Mag ik?")
            error = await alice.frame("error")
            assert error["code"] == "muted"
            assert error["retry_after"] > 0

            await service_call(services.room_unmute)(
                actor=moderator, room=community_room, member=member, reason="Klaar"
            )
            assert (await alice.frame("room"))["room"]["can_post"] is True

    run(scenario)


def test_slow_mode_is_announced_and_enforced(moderator, member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            await service_call(services.room_slow_mode_set)(
                actor=moderator, room=community_room, seconds=60
            )
            assert (await alice.frame("room"))["room"]["slow_mode_seconds"] == 60
            await alice.send(type="send", client_id="s-1", body="Een")
            await alice.frame("ack")
            await alice.send(type="send", client_id="s-2", body="Twee")
            error = await alice.frame("error")

        assert error["code"] == "slow_mode"
        assert 0 < error["retry_after"] <= 60

    run(scenario)


@pytest.mark.parametrize("measure", ["room_remove", "room_ban"])
def test_removal_or_ban_from_the_room_closes_the_socket(
    measure, moderator, member, other_member, community_room
):
    async def scenario():
        async with (
            socket(member, community_room) as alice,
            socket(other_member, community_room) as bea,
        ):
            await service_call(getattr(services, measure))(
                actor=moderator, room=community_room, member=member, reason="Grens over"
            )
            assert await alice.closed_with() == consumers.CLOSE_NOT_ALLOWED
            await bea.send(type="ping")
            assert await bea.frame() == {"type": "pong"}

    run(scenario)


def test_a_suspension_closes_the_members_sockets(moderator, member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            await service_call(sanction_apply)(
                actor=moderator,
                member=member,
                kind="suspension",
                reason="Afkoelen",
                duration=datetime.timedelta(days=3),
            )
            assert await alice.closed_with() == consumers.CLOSE_SANCTIONED

    run(scenario)


def test_a_silenced_member_reads_on_but_cannot_send(moderator, member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            await service_call(sanction_apply)(
                actor=moderator,
                member=member,
                kind="silence",
                reason="Even niet",
                duration=datetime.timedelta(hours=1),
            )
            assert (await alice.frame("room"))["room"]["can_post"] is False
            await alice.send(type="send", client_id="x-1", body="Toch?")
            assert (await alice.frame("error"))["code"] == "silenced"

    run(scenario)


def test_a_silence_whose_event_never_came_still_stops_the_next_send(member, community_room):
    async def scenario():
        async with socket(member, community_room) as alice:
            member.silenced_until = timezone.now() + datetime.timedelta(hours=1)
            await sync_to_async(member.save)(update_fields=["silenced_until"])
            await alice.send(type="send", client_id="x-1", body="Toch?")
            assert (await alice.frame("error"))["code"] == "silenced"

    run(scenario)


# --- The session ends -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["quick_exit", "logout"])
def test_quick_exit_and_logout_close_that_sessions_sockets_only(how, member, community_room):
    leaving = session_cookie(member)
    staying = session_cookie(member)

    def end_session():
        client = Client()
        client.cookies[django_settings.SESSION_COOKIE_NAME] = leaving
        if how == "quick_exit":
            client.post(reverse("quick_exit"))
        else:
            client.logout()

    async def scenario():
        async with (
            socket(member, community_room, cookie=leaving) as here,
            socket(member, community_room, cookie=staying) as elsewhere,
        ):
            await sync_to_async(end_session)()
            assert await here.closed_with() == consumers.CLOSE_SESSION_ENDED
            await elsewhere.send(type="ping")
            assert await elsewhere.frame() == {"type": "pong"}
        # The ended session cannot open a socket again.
        assert await refused(community_room.slug, cookie=leaving)

    run(scenario)


def test_the_session_group_does_not_carry_the_session_key():
    key = "abcdefghijklmnopqrstuvwxyz012345"
    name = session_group_name(key)

    assert key not in name
    assert name == session_group_name(key)
    assert name != session_group_name(key[::-1])
