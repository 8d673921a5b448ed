"""Reads: catch-up by change number, history, the member's rooms with unread counts —
each in a fixed number of queries."""

from django.db.models import F
from django.utils import timezone

from chat import selectors, services
from chat.frames import message_payload
from chat.models import Message, Room, RoomKind
from tests.chat.factories import RoomFactory, participant_add, post
from tests.factories import (
    ModeratorFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
    trusted,
)
from tests.helpers import unverified


def bulk_messages(room: Room, authors: list, count: int, *, reply_every: int = 0) -> None:
    """`count` messages by `authors` in turn, straight into the table (fast), with
    the room's counter moved along; every `reply_every`-th answers the one before."""
    start = room.last_seq
    rows = [
        Message(
            room=room,
            seq=start + n,
            change_seq=start + n,
            author=authors[n % len(authors)],
            body=f"Bericht {n}",
            body_html=f"<p>Bericht {n}</p>",
            created_at=timezone.now(),
        )
        for n in range(1, count + 1)
    ]
    Message.objects.bulk_create(rows)
    Room.objects.filter(pk=room.pk).update(last_seq=F("last_seq") + count)
    room.refresh_from_db()
    if reply_every:
        by_seq = {m.seq: m for m in Message.objects.filter(room=room)}
        for seq in range(start + 2, start + count + 1, reply_every):
            Message.objects.filter(pk=by_seq[seq].pk).update(reply_to=by_seq[seq - 1])


def _authors(n: int) -> list:
    people = [TrustedMemberFactory() for _ in range(n)]
    return [*people, SupportWorkerFactory(), ModeratorFactory()]


# --- Catch-up and history ---------------------------------------------------------------


def test_changed_after_gives_every_change_after_the_cursor_in_change_order(
    member, other_member, community_room
):
    first = post(community_room, member, body="Een")
    post(community_room, other_member, body="Twee")
    services.message_edit(actor=member, room=community_room, seq=first.seq, body="Een!")
    post(community_room, other_member, body="Drie")

    items, upto, more = selectors.messages_changed_after(room=community_room, after_seq=1)

    assert [(i["seq"], i["change_seq"]) for i in items] == [(2, 2), (1, 3), (4, 4)]
    assert (upto, more) == (4, False)
    assert selectors.messages_changed_after(room=community_room, after_seq=4) == ([], 4, False)


def test_changed_after_is_bounded_and_says_to_ask_again(member, community_room):
    bulk_messages(community_room, [member], 7)

    items, upto, more = selectors.messages_changed_after(room=community_room, after_seq=0, limit=3)
    assert [i["seq"] for i in items] == [1, 2, 3]
    assert (upto, more) == (3, True)

    items, upto, more = selectors.messages_changed_after(
        room=community_room, after_seq=upto, limit=5
    )
    assert [i["seq"] for i in items] == [4, 5, 6, 7]
    assert (upto, more) == (7, False)


def test_latest_and_before_page_through_history_in_seq_order(member, community_room):
    bulk_messages(community_room, [member], 12)

    latest = selectors.messages_latest(room=community_room, limit=5)
    assert [i["seq"] for i in latest] == [8, 9, 10, 11, 12]

    older, more = selectors.messages_before(room=community_room, before_seq=8, limit=5)
    assert [i["seq"] for i in older] == [3, 4, 5, 6, 7]
    assert more is True
    oldest, more = selectors.messages_before(room=community_room, before_seq=3, limit=5)
    assert [i["seq"] for i in oldest] == [1, 2]
    assert more is False


def test_history_and_catch_up_take_a_fixed_number_of_queries(
    community_room, django_assert_max_num_queries
):
    authors = _authors(8)
    bulk_messages(community_room, authors, 120, reply_every=3)

    # Messages with their authors and answered messages, then the badges: two queries.
    with django_assert_max_num_queries(2):
        latest = selectors.messages_latest(room=community_room, limit=50)
    with django_assert_max_num_queries(2):
        older, _more = selectors.messages_before(room=community_room, before_seq=60, limit=50)
    with django_assert_max_num_queries(3):
        changed, _upto, _more = selectors.messages_changed_after(
            room=community_room, after_seq=0, limit=200
        )
    assert len(latest) == len(older) == 50
    assert len(changed) == 120
    badges = {i["author"]["badge"] for i in changed}
    assert badges == {None, "support", "moderator"}
    assert any(i["reply_to"] for i in changed)


def test_messages_show_a_support_or_moderator_badge_whatever_the_session(community_room):
    post(community_room, ModeratorFactory(), body="Welkom")
    # In an unverified session a support worker writes as a member (a trusted one
    # here, so the message is not held); the badge is about the account.
    post(community_room, trusted(unverified(SupportWorkerFactory())), body="Hallo")

    items = selectors.messages_latest(room=community_room)

    assert [i["author"]["badge"] for i in items] == ["moderator", "support"]


def test_a_reply_carries_the_answered_name_and_a_plain_excerpt(
    member, other_member, community_room
):
    question = post(community_room, member, body="Komt er **iemand** <b>vanavond</b>?")
    post(community_room, other_member, body="Ja", reply_to_seq=question.seq)

    reply = selectors.messages_latest(room=community_room)[-1]["reply_to"]

    assert reply["seq"] == question.seq
    assert reply["name"] == member.username
    # Plain text, Markdown taken out; clients insert it as text, never as HTML.
    assert reply["excerpt"] == "Komt er iemand <b>vanavond</b>?"

    services.message_delete(actor=member, room=community_room, seq=question.seq)
    reply = selectors.messages_latest(room=community_room)[-1]["reply_to"]
    assert reply == {"seq": question.seq, "name": None, "excerpt": None, "deleted": True}


def test_a_deleted_message_is_a_tombstone_in_every_read(member, community_room):
    message = post(community_room, member, body="Weg ermee")
    services.message_delete(actor=member, room=community_room, seq=message.seq)
    message.refresh_from_db()

    tomb = {"seq": 1, "change_seq": 2, "deleted": True}
    assert selectors.messages_latest(room=community_room) == [tomb]
    assert selectors.messages_changed_after(room=community_room, after_seq=0)[0] == [tomb]
    assert message_payload(message, viewer=member) == tomb


# --- Rooms ------------------------------------------------------------------------------


def test_the_rooms_list_shows_readable_rooms_with_unread_counts(
    member, other_member, community_room, announcement_room, moderators_room, direct_room
):
    meetup = RoomFactory(name="Avond", kind=RoomKind.MEETUP)
    RoomFactory(name="Oud", is_archived=True)
    services.room_join(member=member, room=community_room)
    post(community_room, other_member)
    post(community_room, other_member)
    post(community_room, member)
    post(direct_room, other_member)

    summaries = selectors.rooms_for_member(member=member)

    by_name = {s.name: s for s in summaries}
    assert set(by_name) == {"Koffiekamer", "Mededelingen", other_member.username}
    assert by_name["Koffiekamer"].unread == 2, "own messages are not unread"
    assert by_name[other_member.username].unread == 1
    assert summaries[-1].room == direct_room, "private conversations come last"

    services.room_read_mark(member=member, room=community_room, seq=3)
    participant_add(meetup, member)
    summaries = {s.name: s for s in selectors.rooms_for_member(member=member)}
    assert summaries["Koffiekamer"].unread == 0
    assert "Avond" in summaries
    assert moderators_room.pk not in {s.room.pk for s in summaries.values()}


def test_moderators_see_their_room_in_the_list(moderator, moderators_room, community_room):
    names = {s.name for s in selectors.rooms_for_member(member=moderator)}
    assert names == {"Moderatoren", "Koffiekamer"}
    assert "Moderatoren" not in {
        s.name for s in selectors.rooms_for_member(member=unverified(moderator))
    }


def test_the_rooms_list_takes_a_fixed_number_of_queries(member, django_assert_max_num_queries):
    for _ in range(6):
        room = RoomFactory()
        services.room_join(member=member, room=room)
        bulk_messages(room, [TrustedMemberFactory()], 3)
    for _ in range(4):
        other = TrustedMemberFactory(accepts_direct_messages=True)
        services.direct_room_open(actor=member, other=other)
    member.__dict__.pop("_kring_role_names", None)

    # Memberships, rooms with counts, the other members' names, the member's roles.
    with django_assert_max_num_queries(4):
        summaries = selectors.rooms_for_member(member=member)
    assert len(summaries) == 10
    assert sum(s.unread for s in summaries) == 18


def test_reading_never_goes_backwards_or_beyond_the_counter(member, community_room):
    post(community_room, member)
    post(community_room, member)
    services.room_read_mark(member=member, room=community_room, seq=99)
    membership = selectors.membership_for(member=member, room=community_room)
    assert membership.last_read_seq == 2

    services.room_read_mark(member=member, room=community_room, seq=1)
    membership.refresh_from_db()
    assert membership.last_read_seq == 2


def test_a_room_that_is_missing_or_closed_to_the_member_looks_the_same(
    member, moderators_room, community_room
):
    assert selectors.room_for_member(member=member, slug="koffiekamer") == community_room
    assert selectors.room_for_member(member=member, slug=moderators_room.slug) is None
    assert selectors.room_for_member(member=member, slug="bestaat-niet") is None
