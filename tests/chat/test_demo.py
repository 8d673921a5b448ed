"""The demo rooms `manage.py seed_demo` loads."""

import io

from chat import demo
from chat.models import Message, Room, RoomKind
from community.accounts import demo as accounts_demo


def test_the_demo_rooms_are_seeded_once_with_their_messages(db):
    # seed_demo loads the demo accounts (the staff among them) first.
    accounts_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    counts = (Room.objects.count(), Message.objects.count())
    demo.seed(stdout=io.StringIO())

    assert (Room.objects.count(), Message.objects.count()) == counts
    assert set(Room.objects.values_list("kind", flat=True)) == {
        RoomKind.COMMUNITY,
        RoomKind.ANNOUNCEMENTS,
        RoomKind.MODERATORS,
    }
    assert {"Koffiekamer", "English room", "Geld & papierwerk / Money & paperwork"} <= set(
        Room.objects.values_list("name", flat=True)
    )
    assert counts[1] >= 8
    assert not Message.objects.exclude(moderation_state="visible").exists()
    answer = Message.objects.get(client_id="demo-5")
    assert answer.reply_to.client_id == "demo-4"
