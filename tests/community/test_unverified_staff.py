"""Staff powers need a session verified with a second factor everywhere, not only under
settings.KRING_STAFF_PATH_PREFIXES (security review, item 2). On every page outside
the staff areas an unverified moderator, support worker or superuser gets exactly
what an ordinary member gets: the same status, no held or hidden post, no staff-only
category, thread or post."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from community.moderation.services import content_hide, content_hold
from community.notifications.services import notification_create
from forum import services
from forum.models import Access, Category, Post
from tests.community.page_walk import member_area_paths
from tests.community.twofactor_helpers import login_verified, totp_device_create
from tests.factories import (
    ModeratorFactory,
    SuperuserFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
)
from tests.forum.factories import make_thread
from tests.helpers import unverified, verified

pytestmark = pytest.mark.django_db

# Nothing of these may reach a page an unverified staff session sees.
HELD_TEXT = "Bel me op 06-12345678 voor een afspraak"
HIDDEN_TEXT = "Wat ik over mijn buurman schreef"
EARLIER_TEXT = "De eerste versie van mijn verhaal"
STAFF_CATEGORY = "Overleg van het team"
STAFF_THREAD = "Casusbespreking"
STAFF_POST = "Alleen voor het team bedoeld"
HELD_THREAD = "Draad die nog wacht"
SECRETS = [HELD_TEXT, HIDDEN_TEXT, EARLIER_TEXT, STAFF_CATEGORY, STAFF_THREAD, STAFF_POST]
SECRETS.append(HELD_THREAD)

STAFF = {
    "moderator": ModeratorFactory,
    "support worker": SupportWorkerFactory,
    "superuser": SuperuserFactory,
}


@pytest.fixture
def forum_objects(db) -> dict[str, list[int]]:
    """A members' category with a visible, a held (with a phone number, and an earlier
    version) and a hidden reply; a staff-only category with a thread; a thread whose
    opening post is held; a notification of someone else."""
    writer, other = TrustedMemberFactory(), TrustedMemberFactory()
    moderator = ModeratorFactory()
    members = Category.objects.create(name="Werk en geld")
    thread = make_thread(category=members, author=writer, body="Hoe gaat het met jullie?")
    visible = services.post_create(actor=other, thread=thread, body="Goed, en met jou?")
    held = services.post_create(actor=other, thread=thread, body=EARLIER_TEXT)
    services.post_edit(actor=other, post=held, body=HELD_TEXT, post_anyway=True)
    held.refresh_from_db()
    content_hold(held, reason=f"Persoonsgegevens: {HELD_TEXT}")
    hidden = services.post_create(actor=other, thread=thread, body=HIDDEN_TEXT)
    content_hide(hidden, actor=moderator, reason="Bedreiging")
    staff_only = Category.objects.create(
        name=STAFF_CATEGORY, read_access=Access.STAFF, post_access=Access.STAFF
    )
    staff_thread = make_thread(
        category=staff_only, author=verified(moderator), title=STAFF_THREAD, body=STAFF_POST
    )
    waiting = make_thread(category=members, author=other, title=HELD_THREAD, body="Wacht")
    content_hold(waiting.first_post, reason="Eerste bericht")
    notification = notification_create(recipient=other, kind="reply", actor=writer, text="x")
    return {
        "category_id": [members.pk, staff_only.pk],
        "thread_id": [thread.pk, staff_thread.pk, waiting.pk],
        "post_id": [
            visible.pk,
            held.pk,
            hidden.pk,
            staff_thread.first_post_id,
            waiting.first_post_id,
        ],
        "pk": [notification.pk],
    }


def _paths(objects: dict[str, list[int]]) -> list[str]:
    search = [f"{reverse('forum:search')}?q={word}" for word in ("Casus", "afspraak", "buurman")]
    return member_area_paths(objects) + search


def _answers(user, paths: list[str]) -> dict[str, tuple[int, str, str]]:
    """(status, redirect target, body) of a GET for each path, each asked in a fresh
    login (some pages, such as quick exit, end the session)."""
    client = Client()
    answers = {}
    for path in paths:
        client.force_login(user)
        response = client.get(path)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        answers[path] = (response.status_code, response.get("Location", ""), body)
    return answers


def test_the_walk_reaches_the_forum_pages_with_each_object(forum_objects):
    paths = _paths(forum_objects)

    for name in ("thread_id", "post_id", "category_id"):
        for pk in forum_objects[name]:
            assert any(f"/{pk}/" in path for path in paths), (name, pk)
    assert len(paths) > 60


def test_a_verified_moderator_would_see_what_the_walk_looks_for(forum_objects):
    """The markers are reachable: the walk below would catch a leak."""
    moderator = ModeratorFactory()
    client = Client()
    login_verified(client, moderator)
    seen = "".join(
        client.get(path).content.decode()
        for path in _paths(forum_objects)
        if path.startswith("/forum/") and not path.endswith(("/react/", "/block/", "/unblock/"))
    )

    for secret in SECRETS:
        assert secret in seen, secret


@pytest.mark.parametrize("role", list(STAFF))
def test_outside_the_staff_areas_an_unverified_staff_session_is_an_ordinary_member(
    forum_objects, role
):
    # Both enrolled in two-factor authentication; neither session has entered a code.
    staff, member = STAFF[role](), TrustedMemberFactory()
    totp_device_create(staff)
    totp_device_create(member)
    paths = _paths(forum_objects)

    as_member = _answers(member, paths)
    as_staff = _answers(staff, paths)

    different = {
        path: (as_member[path][:2], as_staff[path][:2])
        for path in paths
        if as_member[path][:2] != as_staff[path][:2]
    }
    leaks = {
        path: [secret for secret in SECRETS if secret in as_staff[path][2]]
        for path in paths
        if any(secret in as_staff[path][2] for secret in SECRETS)
    }
    assert different == {}, "status or redirect (member, unverified staff) differs"
    assert leaks == {}, "staff-only or held/hidden text shown"


@pytest.mark.parametrize("role", list(STAFF))
def test_an_unverified_staff_session_cannot_edit_another_members_post(forum_objects, role):
    staff = unverified(STAFF[role]())
    post = Post.objects.get(pk=forum_objects["post_id"][0])
    client = Client()
    client.force_login(staff)

    response = client.post(
        reverse("forum:post_edit", args=[post.pk]), {"body": "Aangepast", "token": "t"}
    )

    assert response.status_code in (302, 404)
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=staff, post=post, body="Aangepast")
    post.refresh_from_db()
    assert post.body != "Aangepast"
    assert not post.revisions.exists()


def test_staff_only_categories_are_not_listed_for_an_unverified_support_worker(forum_objects):
    client = Client()
    client.force_login(SupportWorkerFactory())

    page = client.get(reverse("forum:index")).content.decode()

    assert "Werk en geld" in page
    assert STAFF_CATEGORY not in page


def test_a_verified_session_brings_the_staff_powers_back(forum_objects):
    moderator = ModeratorFactory()
    client = Client()
    login_verified(client, moderator)
    history = reverse("forum:post_history", args=[forum_objects["post_id"][1]])

    assert EARLIER_TEXT in client.get(history).content.decode()
