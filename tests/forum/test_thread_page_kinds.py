"""The thread page asks forum.policies' post rules once per kind of post
(forum.selectors.post_kind), not once per post. That is only right while the rules
read nothing of a post beyond what the kind is made of: these tests fail as soon as a
rule starts to read another attribute (a time limit on editing, say), so the key is
widened before the page can offer something the services refuse."""

from datetime import timedelta
from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models import User
from forum import policies
from forum.models import Access, Post, Thread
from forum.selectors import POST_RULE_ATTRIBUTES, Author, PostRow, post_kind
from tests.factories import ModeratorFactory, SupportWorkerFactory, TrustedMemberFactory
from tests.forum.factories import CategoryFactory
from tests.helpers import unverified, verified

pytestmark = pytest.mark.django_db

STATES = [Post.VISIBLE, Post.HELD, Post.HIDDEN]


class _Reads:
    """A post that notes which of its attributes are read."""

    def __init__(self, post: PostRow) -> None:
        self.__dict__.update(post=post, names=set())

    def __getattr__(self, name: str) -> object:
        self.names.add(name)
        return getattr(self.post, name)


def _users() -> dict[str, object]:
    silenced = TrustedMemberFactory()
    silenced.silenced_until = timezone.now() + timedelta(days=1)
    return {
        "visitor": AnonymousUser(),
        "member": unverified(TrustedMemberFactory()),
        "silenced member": unverified(silenced),
        "unverified moderator": unverified(ModeratorFactory()),
        "verified moderator": verified(ModeratorFactory()),
        "support worker": verified(SupportWorkerFactory()),
    }


def _threads() -> list[Thread]:
    threads = []
    for access, locked in product([Access.MEMBERS, Access.STAFF], [False, True]):
        category = CategoryFactory(read_access=access, post_access=access)
        thread = Thread.objects.create(
            category=category, title="Draad", is_locked=locked, is_visible=True
        )
        threads.append(Thread.objects.select_related("category").get(pk=thread.pk))
    return threads


def _post(thread: Thread, author: object, state: str, *, deleted: bool, number: int) -> PostRow:
    """A post row; `number` varies everything the kind leaves out."""
    moment = timezone.now() - timedelta(days=number)
    return PostRow(
        id=1000 + number,
        thread=thread,
        author=Author(id=author.pk, username=author.username) if author else None,
        moderation_state=state,
        moderation_reason=f"reden {number}",
        body_html=f"<p>{number}</p>",
        created_at=moment,
        edited_at=moment if number % 2 else None,
        deleted_at=moment if deleted else None,
    )


def test_the_post_rules_read_only_what_the_kind_is_made_of():
    users = _users()
    other = TrustedMemberFactory()
    read: set[str] = set()
    for thread, user, state, deleted in product(_threads(), users.values(), STATES, [False, True]):
        for author in (user if isinstance(user, User) else None, other, None):
            post = _Reads(_post(thread, author, state, deleted=deleted, number=1))
            policies.post_permissions(user, post)
            read |= post.names

    assert read <= POST_RULE_ATTRIBUTES, read - POST_RULE_ATTRIBUTES


def test_posts_of_one_kind_get_the_same_answers():
    users = _users()
    others = [TrustedMemberFactory(), TrustedMemberFactory()]
    for thread, (role, user), state, deleted in product(
        _threads(), users.items(), STATES, [False, True]
    ):
        own = user if isinstance(user, User) else None
        for authors in ((own, own), (others[0], others[1]), (None, others[0])):
            first, second = (
                _post(thread, author, state, deleted=deleted, number=number)
                for number, author in enumerate(authors, start=1)
            )
            if post_kind(first, user) != post_kind(second, user):
                continue
            assert policies.post_permissions(user, first) == policies.post_permissions(
                user, second
            ), (role, state, deleted, thread.is_locked, thread.category.read_access)


def test_the_kind_tells_the_author_apart():
    member = unverified(TrustedMemberFactory())
    thread = _threads()[0]
    mine = _post(thread, member, Post.HELD, deleted=False, number=1)
    theirs = _post(thread, TrustedMemberFactory(), Post.HELD, deleted=False, number=2)

    assert post_kind(mine, member) != post_kind(theirs, member)
    assert policies.post_permissions(member, mine) != policies.post_permissions(member, theirs)
