"""Chat rooms in the Wagtail admin: moderators and superusers (verified) manage them;
private conversations never show there."""

from chat.models import Room, RoomKind
from tests.chat.factories import frames_to
from tests.community.twofactor_helpers import login_verified
from tests.factories import SuperuserFactory

ADMIN = "/admin/snippets/chat/room/"


def _room_form(**overrides) -> dict:
    data = {
        "name": "Avondpraat",
        "slug": "avondpraat",
        "description": "Voor wie laat op is.",
        "kind": RoomKind.COMMUNITY,
        "language": "",
        "order": "3",
        "opens_at": "",
        "closes_at": "",
        "slow_mode_seconds": "0",
        "retention_days": "90",
        "purge_after_close_hours": "",
    }
    data.update(overrides)
    return data


def test_a_verified_moderator_lists_and_creates_rooms(
    client, moderator, community_room, chat_sent, django_capture_on_commit_callbacks
):
    login_verified(client, moderator)

    listing = client.get(ADMIN)
    assert listing.status_code == 200
    assert "Koffiekamer" in listing.content.decode()

    response = client.post(f"{ADMIN}add/", _room_form())

    assert response.status_code == 302
    room = Room.objects.get(slug="avondpraat")
    assert (room.name, room.kind, room.order) == ("Avondpraat", RoomKind.COMMUNITY, 3)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}edit/{room.pk}/", _room_form(slow_mode_seconds="30", is_archived="on")
        )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.slow_mode_seconds == 30
    assert room.is_archived
    # Open screens hear of it.
    (frame,) = frames_to(chat_sent, room)
    assert frame["room"]["slow_mode_seconds"] == 30


def test_a_member_cannot_open_the_rooms_admin(client, member, community_room):
    client.force_login(member)

    assert client.get(ADMIN).status_code in {302, 403}
    response = client.post(f"{ADMIN}add/", _room_form())
    assert response.status_code in {302, 403}
    assert not Room.objects.filter(slug="avondpraat").exists()


def test_an_unverified_moderator_is_sent_to_the_second_factor_first(client, moderator):
    client.force_login(moderator)

    response = client.post(f"{ADMIN}add/", _room_form())

    assert response.status_code == 302
    assert "/account/2fa/" in response["Location"]
    assert not Room.objects.filter(slug="avondpraat").exists()


def test_private_conversations_are_not_in_the_admin(client, direct_room, community_room):
    login_verified(client, SuperuserFactory())

    assert direct_room.pk not in [room.pk for room in client.get(ADMIN).context["object_list"]]
    # (A 404 under /admin/ is sent on to the language-prefixed address first.)
    assert client.get(f"{ADMIN}edit/{direct_room.pk}/", follow=True).status_code == 404
    assert client.post(f"{ADMIN}delete/{direct_room.pk}/", follow=True).status_code == 404
    assert Room.objects.filter(pk=direct_room.pk).exists()

    response = client.post(f"{ADMIN}add/", _room_form(kind=RoomKind.DIRECT))
    assert response.status_code == 200, "the form refuses the kind"
    assert not Room.objects.filter(slug="avondpraat").exists()
