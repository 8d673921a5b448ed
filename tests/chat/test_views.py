"""The chat pages: who gets in, what the room page shows before the socket opens, the
moderator tools, private conversations, and fixed query counts."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.models import Message, Room, RoomKind, RoomMembership
from community.audit.models import AuditLog
from community.models import Block
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, SupportWorkerFactory, TrustedMemberFactory

PERSONAL_INFORMATION = "Bel me op 06-12345678"


def _room(**fields) -> Room:
    number = Room.objects.count() + 1
    fields.setdefault("slug", f"kamer-{number}")
    fields.setdefault("name", f"Kamer {number}")
    return Room.objects.create(**fields)


def _post(room: Room, author, body: str, **kwargs) -> Message:
    return services.message_post(
        actor=author, room=room, body=body, client_id=f"t-{Message.objects.count()}", **kwargs
    ).message


def _config(response) -> dict:
    match = re.search(rb'data-config="([^"]*)"', response.content)
    assert match, "the room page carries the client's settings"
    return json.loads(match.group(1).decode().replace("&quot;", '"').replace("&amp;", "&"))


def _not_found(client, url: str, data: dict | None = None) -> bool:
    """A 404, as for an address that does not exist (LocaleMiddleware first sends an
    unmatched 404 on to the /nl/ variant, which answers 404 too)."""
    send = client.get if data is None else client.post
    response = send(url, data, follow=True) if data is not None else send(url, follow=True)
    return response.status_code == 404 and b"Koffiekamer" not in response.content


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Tests post many messages as one member; the limit has its own tests."""
    settings.KRING_CHAT_RATE_LIMIT = (10_000, 1.0)


@pytest.fixture
def room(db) -> Room:
    return _room(name="Koffiekamer", slug="koffiekamer")


# --- Who gets in ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/chat/", "/chat/koffiekamer/"])
def test_visitor_is_sent_to_login_and_learns_nothing_about_the_room(client, room, path):
    response = client.get(path)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert b"Koffiekamer" not in response.content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("path", ["/chat/", "/chat/koffiekamer/"])
def test_pending_member_is_sent_to_the_waiting_page(client, pending_member, room, path):
    client.force_login(pending_member)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")


def test_suspended_member_is_refused(client, member, room):
    member.suspended_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["suspended_until"])
    client.force_login(member)

    assert client.get("/chat/koffiekamer/").status_code == 302


def test_a_room_the_member_cannot_read_answers_as_a_missing_one(member_client, other_member):
    moderators = _room(kind=RoomKind.MODERATORS, name="Moderatoren", slug="moderatoren")
    third = TrustedMemberFactory(accepts_direct_messages=True)
    conversation = services.direct_room_open(actor=other_member, other=third)

    assert _not_found(member_client, "/chat/bestaat-niet/")
    for slug in (moderators.slug, conversation.slug):
        refused = member_client.get(f"/chat/{slug}/", follow=True)
        assert refused.status_code == 404
        assert b"Moderatoren" not in refused.content


def test_room_banned_member_gets_a_404(member_client, member, moderator, room):
    services.room_ban(actor=moderator, room=room, member=member, reason="spam")

    assert _not_found(member_client, "/chat/koffiekamer/")


# --- The member's rooms -----------------------------------------------------------------


def test_room_list_shows_readable_rooms_with_unread_counts(
    member_client, member, other_member, room
):
    announcements = _room(kind=RoomKind.ANNOUNCEMENTS, name="Mededelingen")
    _room(kind=RoomKind.MODERATORS, name="Moderatoren")
    _room(name="Oud archief", is_archived=True)
    services.room_join(member=member, room=room)
    for number in range(3):
        _post(room, other_member, f"Hallo {number}")

    response = member_client.get("/chat/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Koffiekamer" in page
    assert announcements.name in page
    assert "Moderatoren" not in page
    assert "Oud archief" not in page
    assert 'data-unread="3"' in page
    assert 'href="/chat/koffiekamer/"' in page


def test_verified_moderator_sees_the_moderators_room_and_unverified_does_not(client, db):
    _room(kind=RoomKind.MODERATORS, name="Moderatoren")
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert "Moderatoren" not in client.get("/chat/").content.decode()

    login_verified(client, moderator)
    assert "Moderatoren" in client.get("/chat/").content.decode()


def test_room_list_runs_a_fixed_number_of_queries(
    member_client, member, other_member, django_assert_max_num_queries
):
    def add_rooms(count: int) -> None:
        for _ in range(count):
            created = _room()
            services.room_join(member=member, room=created)
            _post(created, other_member, "Hoi")
        partner = TrustedMemberFactory(accepts_direct_messages=True)
        services.direct_room_open(actor=member, other=partner)

    add_rooms(2)
    with django_assert_max_num_queries(12) as few:
        member_client.get("/chat/")
    add_rooms(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get("/chat/")
    assert response.content.decode().count("data-room=") == 12


# --- Private conversations --------------------------------------------------------------


def test_member_starts_a_private_conversation_with_a_member_who_accepts(
    member_client, member, other_member
):
    other_member.accepts_direct_messages = True
    other_member.save(update_fields=["accepts_direct_messages"])

    response = member_client.post("/chat/", {"pseudonym": other_member.username.upper()})

    room = Room.objects.get(kind=RoomKind.DIRECT)
    assert response.status_code == 302
    assert response["Location"] == f"/chat/{room.slug}/"
    assert other_member.username not in room.slug
    page = member_client.get(response["Location"]).content.decode()
    assert f"<h1>{other_member.username}</h1>" in page


def test_refusals_to_start_a_conversation_all_read_alike(member_client, member, other_member):
    """Direct messages off, blocked by the other member, no such member: one answer, so
    nobody learns that they were blocked."""
    answers = []
    answers.append(member_client.post("/chat/", {"pseudonym": other_member.username}))
    other_member.accepts_direct_messages = True
    other_member.save(update_fields=["accepts_direct_messages"])
    Block.objects.create(blocker=other_member, blocked=member)
    answers.append(member_client.post("/chat/", {"pseudonym": other_member.username}))
    answers.append(member_client.post("/chat/", {"pseudonym": "niemand-heet-zo"}))

    errors = [
        re.search(r"data-direct-error>(.*?)</div>", a.content.decode(), re.S).group(1)
        for a in answers
    ]
    assert all(a.status_code == 200 for a in answers)
    assert errors[0] == errors[1] == errors[2]
    assert "block" not in errors[0].lower()
    assert not Room.objects.filter(kind=RoomKind.DIRECT).exists()


def test_support_worker_can_always_be_written_to(member_client):
    worker = SupportWorkerFactory()

    response = member_client.post("/chat/", {"pseudonym": worker.username})

    assert response.status_code == 302


# --- The room page ----------------------------------------------------------------------


def test_room_page_renders_history_before_the_socket_opens(
    member_client, member, other_member, room
):
    first = _post(room, other_member, "**Goedemorgen** allemaal")
    _post(room, member, "Hoi!", reply_to_seq=first.seq)
    _post(room, other_member, "<script>alert(1)</script>weg")
    room.refresh_from_db()

    response = member_client.get("/chat/koffiekamer/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Goedemorgen</strong>" in page
    assert "<script>alert(1)" not in page
    assert f'data-ws-url="/ws/chat/{room.slug}/"' in page
    assert f'data-cursor="{room.last_seq}"' in page
    assert 'role="log"' in page
    assert 'data-reply-to="1"' in page
    assert f"@{other_member.username}" in page
    assert '<label for="chat-body"' in page
    # CSP stays strict: scripts only from files, strings and settings as data.
    assert re.findall(r"<script\b[^>]*>", page) == [
        tag for tag in re.findall(r"<script\b[^>]*>", page) if " src=" in tag
    ]
    assert "chat/chat.js" in page
    config = _config(response)
    assert config["viewer"] == member.pk
    assert config["t"]["reconnecting"]
    assert config["canModerate"] is False
    # Reading the page marks the room as read.
    assert RoomMembership.objects.get(room=room, member=member).last_read_seq == room.last_seq


def test_room_page_speaks_dutch_and_english(member_client, room):
    english = member_client.get("/chat/koffiekamer/", HTTP_ACCEPT_LANGUAGE="en")
    dutch = member_client.get("/chat/koffiekamer/", HTTP_ACCEPT_LANGUAGE="nl")

    assert 'aria-label="Messages"' in english.content.decode()
    assert 'aria-label="Berichten"' in dutch.content.decode()
    assert _config(english)["t"]["reconnecting"] != _config(dutch)["t"]["reconnecting"]


def test_blocked_authors_messages_are_folded_away(member_client, member, other_member, room):
    _post(room, other_member, "Iets wat ik niet wil zien")
    Block.objects.create(blocker=member, blocked=other_member)

    response = member_client.get("/chat/koffiekamer/")

    page = response.content.decode()
    assert "<details" in page
    assert "data-blocked" in page
    assert _config(response)["blocked"] == [other_member.pk]


def test_earlier_messages_load_without_javascript(member_client, other_member, room):
    for number in range(55):
        _post(room, other_member, f"bericht-{number}.")

    latest = member_client.get("/chat/koffiekamer/").content.decode()
    assert "bericht-54." in latest
    assert "bericht-4." not in latest
    link = re.search(r'href="\?before=(\d+)" data-load-earlier', latest)
    assert link

    earlier = member_client.get(f"/chat/koffiekamer/?before={link.group(1)}").content.decode()
    assert "bericht-4." in earlier
    assert "bericht-54." not in earlier
    assert "data-chat " not in earlier  # an earlier page is plain HTML, no socket


def test_room_page_runs_a_fixed_number_of_queries(
    member_client, member, room, django_assert_max_num_queries
):
    authors = [TrustedMemberFactory() for _ in range(6)]
    services.room_join(member=member, room=room)
    _post(room, authors[0], "Eerste")
    with django_assert_max_num_queries(20) as few:
        member_client.get("/chat/koffiekamer/")
    for number in range(49):
        author = authors[number % len(authors)]
        _post(room, author, f"Bericht {number}", reply_to_seq=number + 1)
        services.room_read_mark(member=member, room=room, seq=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get("/chat/koffiekamer/")
    assert response.content.decode().count('class="chat-msg"') == 50


def test_composer_without_javascript_sends_once_per_client_id(member_client, member, room):
    form = {"body": "Zonder JavaScript", "client_id": "abc-123", "reply_to": ""}

    first = member_client.post("/chat/koffiekamer/send/", form)
    second = member_client.post("/chat/koffiekamer/send/", form)

    assert first.status_code == second.status_code == 302
    assert Message.objects.filter(room=room, author=member).count() == 1


def test_composer_warns_about_personal_information_and_sends_anyway(member_client, room):
    form = {"body": PERSONAL_INFORMATION, "client_id": "pii-1"}

    warned = member_client.post("/chat/koffiekamer/send/", form)

    assert warned.status_code == 200
    assert "data-send-anyway" in warned.content.decode()
    assert PERSONAL_INFORMATION in warned.content.decode()  # the text is kept
    assert not Message.objects.exists()
    sent = member_client.post("/chat/koffiekamer/send/", {**form, "post_anyway": "1"})
    assert sent.status_code == 302
    assert Message.objects.count() == 1


def test_muted_member_sees_why_and_cannot_send(member_client, member, moderator, room):
    services.room_mute(actor=moderator, room=room, member=member, minutes=10, reason="rustig")

    page = member_client.get("/chat/koffiekamer/").content.decode()
    refused = member_client.post("/chat/koffiekamer/send/", {"body": "hoi", "client_id": "m1"})

    assert re.search(r"data-composer-fields disabled", page)
    assert re.search(r"<p class=\"chat-readonly\" data-readonly>\S", page)
    assert refused.status_code == 400
    assert not Message.objects.exists()


def test_report_link_opens_the_moderation_report_form(member_client, other_member, room):
    message = _post(room, other_member, "Vervelend")

    response = member_client.get(f"/chat/koffiekamer/report/{message.seq}/")

    content_type = ContentType.objects.get_for_model(Message)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/moderation/report/{content_type.pk}/{message.pk}/")
    form = member_client.get(response["Location"])
    assert form.status_code == 200
    posted = member_client.post(response["Location"], {"reason": "other", "note": "naar"})
    assert posted.status_code == 302
    assert posted["Location"] == f"/chat/koffiekamer/#m{message.seq}"


def test_own_or_missing_message_cannot_be_reported(member_client, member, room):
    own = _post(room, member, "Van mij")

    assert _not_found(member_client, f"/chat/koffiekamer/report/{own.seq}/")
    assert _not_found(member_client, "/chat/koffiekamer/report/999/")


# --- Moderator tools --------------------------------------------------------------------


def test_tools_are_shown_only_to_verified_moderators(client, member, room):
    moderator = ModeratorFactory()
    client.force_login(member)
    assert "data-tools-form" not in client.get("/chat/koffiekamer/").content.decode()
    client.force_login(moderator)
    assert "data-tools-form" not in client.get("/chat/koffiekamer/").content.decode()

    login_verified(client, moderator)
    response = client.get("/chat/koffiekamer/")
    assert "data-tools-form" in response.content.decode()
    assert _config(response)["canModerate"] is True


@pytest.mark.parametrize("who", ["member", "unverified moderator"])
def test_tools_refuse_members_and_unverified_moderators(client, member, room, who):
    target = TrustedMemberFactory()
    client.force_login(member if who == "member" else ModeratorFactory())

    form = {"action": "ban", "member": target.username, "reason": "x", "minutes": 60, "seconds": 0}

    assert _not_found(client, "/chat/koffiekamer/tools/", form)
    assert not RoomMembership.objects.filter(banned_at__isnull=False).exists()


def test_moderator_mutes_bans_unbans_and_sets_slow_mode(moderator_client, member, room):
    def tool(**data):
        form = {"minutes": 60, "seconds": 0, "reason": "", **data}
        return moderator_client.post("/chat/koffiekamer/tools/", form)

    assert tool(action="mute", member=member.username, minutes=10).status_code == 302
    membership = RoomMembership.objects.get(room=room, member=member)
    assert membership.muted_until > timezone.now()
    tool(action="ban", member=member.username, reason="herhaald")
    membership.refresh_from_db()
    assert membership.banned_at is not None
    tool(action="unban", member=member.username, reason="tweede kans")
    membership.refresh_from_db()
    assert membership.banned_at is None
    tool(action="slow_mode", seconds=30)
    room.refresh_from_db()
    assert room.slow_mode_seconds == 30
    assert AuditLog.objects.filter(action__startswith="chat.").count() >= 4


def test_moderator_deletes_any_message(moderator_client, member, room):
    message = _post(room, member, "Weg ermee")

    response = moderator_client.post(
        "/chat/koffiekamer/tools/",
        {"action": "delete", "seq": message.seq, "minutes": 60, "seconds": 0},
    )

    message.refresh_from_db()
    assert response.status_code == 302
    assert message.deleted_at is not None
    page = moderator_client.get("/chat/koffiekamer/").content.decode()
    assert "Weg ermee" not in page
    assert "data-deleted" in page


def test_tools_ask_for_a_reason_before_a_ban(moderator_client, member, room):
    response = moderator_client.post(
        "/chat/koffiekamer/tools/",
        {"action": "ban", "member": member.username, "minutes": 60, "seconds": 0},
        follow=True,
    )

    assert "reason" in response.content.decode().lower() or "reden" in response.content.decode()
    assert not RoomMembership.objects.filter(banned_at__isnull=False).exists()
