"""Chat in a member's data export and account deletion (the member-data registry)."""

from django.utils import translation

from chat import selectors, services
from chat.models import Message, RoomMembership
from community.privacy.services import former_member, member_data_export, member_delete
from tests.chat.factories import post


def test_the_export_holds_the_members_messages_and_rooms(
    member, other_member, community_room, direct_room
):
    services.room_join(member=member, room=community_room)
    post(community_room, member, body="Goedemorgen **allemaal**")
    post(community_room, other_member, body="Niet van mij")
    post(direct_room, member, body="Onder ons")

    data = member_data_export(member=member)["chat"]

    assert [(m["room"], m["text"]) for m in data["messages"]] == [
        ("Koffiekamer", "Goedemorgen **allemaal**"),
        (direct_room.name, "Onder ons"),
    ]
    assert data["messages"][0]["created_at"].endswith("Z")
    assert {r["room"] for r in data["rooms"]} == {"Koffiekamer", direct_room.name}


def test_erasing_leaves_numbered_placeholders_and_removes_the_rows_about_the_member(
    member, other_member, community_room, direct_room
):
    mine = post(community_room, member, body="Mijn verhaal")
    answer = post(community_room, other_member, body="Mooi!", reply_to_seq=mine.seq)
    post(direct_room, member, body="Privé")
    member_id = member.pk
    assert RoomMembership.objects.filter(member_id=member_id).exists()

    member_delete(member=member, keep_content=False)

    assert not Message.objects.filter(body__in=["Mijn verhaal", "Privé"]).exists()
    mine.refresh_from_db()
    assert (mine.author, mine.body, mine.body_html) == (None, "", "")
    assert mine.change_seq == 3, "the erasure is a change the room's clients catch up on"
    items, upto, _more = selectors.messages_changed_after(room=community_room, after_seq=2)
    assert items == [{"seq": 1, "change_seq": 3, "deleted": True}]
    assert upto == 3
    answer.refresh_from_db()
    assert answer.body == "Mooi!"
    reply = selectors.messages_latest(room=community_room)[-1]["reply_to"]
    assert reply["deleted"] is True
    assert not RoomMembership.objects.filter(member_id=member_id).exists()
    assert RoomMembership.objects.filter(room=direct_room, member=other_member).exists()


def test_keeping_content_shows_it_as_former_member(member, other_member, community_room):
    services.message_post(actor=member, room=community_room, body="Blijft staan", client_id="k")
    services.message_post(actor=other_member, room=community_room, body="Ook", client_id="k")
    member_id = member.pk

    member_delete(member=member, keep_content=True)

    message = Message.objects.get(body="Blijft staan")
    assert message.author == former_member()
    assert message.client_id == ""
    with translation.override("en"):
        payload = selectors.messages_latest(room=community_room)[0]
    assert payload["author"] == {"id": None, "name": "former member", "badge": None}
    assert not RoomMembership.objects.filter(member_id=member_id).exists()


def test_two_members_who_leave_keeping_content_do_not_collide_on_client_ids(
    member, other_member, community_room
):
    services.message_post(actor=member, room=community_room, body="Een", client_id="same")
    services.message_post(actor=other_member, room=community_room, body="Twee", client_id="same")

    member_delete(member=member, keep_content=True)
    member_delete(member=other_member, keep_content=True)

    assert Message.objects.filter(author=former_member()).count() == 2
