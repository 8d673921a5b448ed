"""What the thread page offers and what the services permit agree, for every role and
every state (issue 8 §1). Each combination renders the thread as that person (the test
client with their session), looks for each control at the target post, then asks the
service as the same person and compares: offered exactly when permitted."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from community.models import User
from community.moderation.services import report_create, sanction_apply
from forum import policies, services
from forum.models import Access, Category, Post, PostRevision, Thread
from forum.quotes import quote_token
from tests.community.twofactor_helpers import login_verified, totp_device_create
from tests.factories import (
    ModeratorFactory,
    PendingUserFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
)
from tests.helpers import unverified, verified

pytestmark = pytest.mark.django_db

ROLES = [
    "visitor",
    "pending",
    "member",
    "silenced member",
    "suspended member",
    "author",
    "unverified moderator",
    "verified moderator",
    "support worker",
]
POST_STATES = ["visible", "held", "hidden", "deleted"]
THREAD_STATES = ["open", "locked", "closed"]
CATEGORIES = ["members", "staff-only"]
ACTIONS = ["reply", "edit", "delete", "react", "quote", "report", "history", "thread tools"]

TARGET_TEXT = "Het bericht waar het om gaat."


class _Undo(Exception):
    """Raised to roll back whatever the service under test wrote."""


def _scene(*, post_state: str, thread_state: str, category_kind: str) -> tuple[Thread, Post]:
    """A thread with a visible opening post and, as its reply, the target post (edited
    once, so that it has a history) in the given states."""
    staff_only = category_kind == "staff-only"
    access = Access.STAFF if staff_only else Access.MEMBERS
    category = Category.objects.create(name="Werk", read_access=access, post_access=access)
    opener, author = TrustedMemberFactory(), TrustedMemberFactory(username="schrijver")
    thread = Thread.objects.create(
        category=category,
        title="Een draad",
        author=opener,
        is_locked=thread_state == "locked",
        closes_at=timezone.now() - timedelta(hours=1) if thread_state == "closed" else None,
    )
    Post.objects.create(thread=thread, author=opener, body="Begin", body_html="<p>Begin</p>")
    deleted = post_state == "deleted"
    post = Post.objects.create(
        thread=thread,
        author=author,
        body="" if deleted else TARGET_TEXT,
        body_html="" if deleted else f"<p>{TARGET_TEXT}</p>",
        moderation_state=Post.VISIBLE if deleted else post_state,
        edited_at=timezone.now(),
        deleted_at=timezone.now() if deleted else None,
    )
    if not deleted:
        PostRevision.objects.create(post=post, body="Eerder", body_html="<p>Eerder</p>")
    services.thread_refresh(thread=thread)
    return Thread.objects.select_related("category").get(pk=thread.pk), post


def _person(role: str, *, client, post: Post) -> object:
    """Log the test client in as `role`; return the actor for service calls (a user
    whose session is verified exactly when the client's is)."""
    if role == "visitor":
        return AnonymousUser()
    if role == "author":
        user = post.author
    elif role == "pending":
        user = PendingUserFactory()
    elif role in ("member", "silenced member", "suspended member"):
        user = TrustedMemberFactory()
        if role != "member":
            kind = "silence" if role == "silenced member" else "suspension"
            sanction_apply(
                actor=ModeratorFactory(),
                member=user,
                kind=kind,
                reason="Afspraken niet nagekomen",
                duration=timedelta(days=1),
            )
    elif role == "unverified moderator":
        user = ModeratorFactory()
        totp_device_create(user)
    elif role == "verified moderator":
        user = ModeratorFactory()
    else:
        user = SupportWorkerFactory()
    fresh = User.objects.get(pk=user.pk)
    if role in ("verified moderator", "support worker"):
        login_verified(client, fresh)
        return verified(fresh)
    client.force_login(fresh)
    return unverified(fresh)


def _offered(html: str, *, thread: Thread, post: Post) -> set[str]:
    """The controls the thread page offers for the target post (and the thread)."""
    match = re.search(rf'<article[^>]*id="p{post.pk}"[^>]*>(.*?)</article>', html, re.DOTALL)
    article = match.group(1) if match else ""
    markers = {
        "edit": r"data-edit>",  # not data-edited, the "edited" mark
        "delete": r"data-delete>",  # not data-deleted, the placeholder
        "react": r"<button[^>]*data-reaction=",
        "quote": rf'\?quote={post.pk}" data-quote>',
        "report": r"data-report>",
        "history": rf'href="/forum/p/{post.pk}/history/"',
    }
    offered = {action for action, marker in markers.items() if re.search(marker, article)}
    if f'action="{reverse("forum:reply", args=[thread.pk])}"' in html:
        offered.add("reply")
    if "data-thread-tools" in html:
        offered.add("thread tools")
    return offered


def _permits(call) -> bool:
    """Does the service accept? Whatever it wrote is rolled back."""
    try:
        with transaction.atomic():
            done = call()
            raise _Undo(done)
    except _Undo as undo:
        return undo.args[0] is not False
    except (PermissionDenied, ValidationError, ObjectDoesNotExist, Http404):
        return False


def _permitted(actor, *, client, thread: Thread, post: Post) -> set[str]:
    def fresh_post() -> Post:
        return Post.objects.select_related("thread__category", "author").get(pk=post.pk)

    quote = quote_token(post.pk)
    calls = {
        "reply": lambda: services.post_create(actor=actor, thread=thread, body="Ik ook."),
        "edit": lambda: services.post_edit(actor=actor, post=fresh_post(), body="Anders."),
        # Deleting a deleted post is a repeat that changes nothing: not permitted.
        "delete": lambda: (
            not post.is_deleted and services.post_delete(actor=actor, post=fresh_post())
        ),
        "react": lambda: services.reaction_toggle(actor=actor, post=fresh_post(), kind="hug"),
        "quote": lambda: services.post_create(actor=actor, thread=thread, body=quote + "Eens."),
        "report": lambda: report_create(reporter=actor, target=fresh_post(), reason="spam"),
        "thread tools": lambda: services.thread_lock(actor=actor, thread=thread),
    }
    permitted = {action for action, call in calls.items() if _permits(call)}
    # Earlier versions have no service: the page that shows them is the permission.
    if client.get(reverse("forum:post_history", args=[post.pk])).status_code == 200:
        permitted.add("history")
    return permitted


@pytest.mark.parametrize("category_kind", CATEGORIES)
@pytest.mark.parametrize("thread_state", THREAD_STATES)
@pytest.mark.parametrize("post_state", POST_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_thread_page_offers_exactly_what_the_services_permit(
    client, role, post_state, thread_state, category_kind
):
    thread, post = _scene(
        post_state=post_state, thread_state=thread_state, category_kind=category_kind
    )
    actor = _person(role, client=client, post=post)

    response = client.get(reverse("forum:thread", args=[thread.pk]))
    html = response.content.decode() if response.status_code == 200 else ""
    offered = _offered(html, thread=thread, post=post)
    permitted = _permitted(actor, client=client, thread=thread, post=post)

    assert offered == permitted, (
        f"offered but refused: {sorted(offered - permitted)}; "
        f"permitted but not offered: {sorted(permitted - offered)}"
    )
    shows_text = TARGET_TEXT in html
    assert shows_text == (response.status_code == 200 and policies.can_read_post_text(actor, post))


@pytest.mark.parametrize("category_kind", CATEGORIES)
@pytest.mark.parametrize("post_state", POST_STATES)
@pytest.mark.parametrize("role", [role for role in ROLES if role != "visitor"])
def test_the_querysets_list_what_the_policies_allow(client, role, post_state, category_kind):
    thread, post = _scene(post_state=post_state, thread_state="open", category_kind=category_kind)
    actor = _person(role, client=client, post=post)

    listed = Category.objects.readable_by(actor).filter(pk=thread.category_id).exists()
    assert listed == policies.can_read_category(actor, thread.category)
    if policies.can_read_category(actor, thread.category):
        threads = Thread.objects.filter(pk=thread.pk).listed_for(actor).exists()
        assert threads == policies.can_read_thread(actor, thread)
    if policies.can_read_thread(actor, thread):
        shown = Post.objects.filter(pk=post.pk).readable_by(actor).exists()
        assert shown == policies.can_see_post(actor, post)


def test_every_action_is_both_offered_and_permitted_somewhere(client):
    """The matrix above could pass by offering and permitting nothing: each action is
    offered and permitted to someone."""
    seen: set[str] = set()
    for role, post_state in [("author", "visible"), ("verified moderator", "visible")]:
        client.logout()
        thread, post = _scene(post_state=post_state, thread_state="open", category_kind="members")
        actor = _person(role, client=client, post=post)
        html = client.get(reverse("forum:thread", args=[thread.pk])).content.decode()
        seen |= _offered(html, thread=thread, post=post) & _permitted(
            actor, client=client, thread=thread, post=post
        )

    assert seen == set(ACTIONS)
