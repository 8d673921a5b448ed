"""Reads in the forum. Every list and page here runs a fixed number of queries,
however many threads or posts there are (tests/forum/test_queries.py holds us to it)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.functional import LazyObject, empty

from community.accounts.selectors import blocked_member_ids
from community.models import User
from community.privacy.selectors import is_former_member
from community.roles import Role
from forum import policies
from forum.models import Category, Post, PostRevision, Reaction, ReadState, Thread, Watch

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50
SEARCH_RESULTS_PER_PAGE = 20


def category_list(*, member: Any) -> list[Category]:
    """Categories the member may read, with their cached counters: one query."""
    return list(Category.objects.readable_by(member))


def category_get(*, member: Any, category_id: int) -> Category:
    """The category, or 404 — also when the member may not read it (no hint it exists)."""
    category = Category.objects.filter(pk=category_id).first()
    if category is None or not policies.can_read_category(member, category):
        raise Http404
    return category


def category_is_watched(*, member: Any, category: Category) -> bool:
    return Watch.objects.filter(member=member, category=category).exists()


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """A thread as the category page lists it: a row, not model instances (a page of
    30 threads built 120 of them: thread, author, last post, its author)."""

    pk: int
    title: str
    is_pinned: bool
    is_locked: bool
    is_visible: bool
    post_count: int
    last_post_id: int | None
    last_post_at: datetime
    last_read_post_id: int | None  # None: the member never opened the thread
    author: "Author | None"
    last_post_author: "Author | None"


def _author(author_id: int | None, username: str | None) -> "Author | None":
    return Author(id=author_id, username=username or "") if author_id else None


def thread_list(*, member: Any, category: Category, page: Any = 1) -> Page:
    """One page of the category's threads, pinned first, then by last activity; each
    thread carries `last_read_post_id` (None when never opened) for the "new" marker."""
    member = _resolved(member)
    last_read = ReadState.objects.filter(member=member, thread=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]
    threads = (
        Thread.objects.filter(category=category)
        .listed_for(member)
        .annotate(last_read_post_id=Subquery(last_read))
        .order_by("-is_pinned", "-last_post_at", "-id")
        .values_list(
            "id",
            "title",
            "is_pinned",
            "is_locked",
            "is_visible",
            "post_count",
            "last_post_id",
            "last_post_at",
            "last_read_post_id",
            "author_id",
            "author__username",
            "last_post__author_id",
            "last_post__author__username",
        )
    )
    current = Paginator(threads, THREADS_PER_PAGE).get_page(page)
    current.object_list = [
        ThreadRow(*row[:9], author=_author(*row[9:11]), last_post_author=_author(*row[11:13]))
        for row in current.object_list
    ]
    return current


def _readable_thread(member: Any, threads: QuerySet[Thread], thread_id: int) -> Thread:
    try:
        thread = threads.get(pk=thread_id)
    except Thread.DoesNotExist:
        raise Http404 from None
    if not policies.can_read_thread(member, thread):
        raise Http404
    return thread


def thread_get(*, member: Any, thread_id: int) -> Thread:
    """The thread, or 404 when it does not exist, its category is closed to the member,
    or its opening post is not visible to them."""
    return _readable_thread(member, Thread.objects.select_related("category", "author"), thread_id)


def _thread_posts(*, member: Any, thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread).readable_by(member)


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a post: enough for the member-name markup (community macros)."""

    id: int
    username: str


@dataclass(frozen=True, slots=True)
class PostRow:
    """A post as the thread page reads it: a database row, not a model instance (50
    Post and User instances were 40 % of the page's time). It carries the attributes
    forum.policies reads (thread, author_id, moderation_state, is_deleted), so the page
    asks the same rules as the services, per post."""

    id: int
    thread: Thread
    author: Author | None
    moderation_state: str
    moderation_reason: str
    # The stored output of the one sanitiser; forum.rendering.post_body puts it in a page.
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def author_id(self) -> int | None:
        return self.author.id if self.author else None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(slots=True)
class PostView:
    """A post as one member sees it: the row, its place, its reactions, and what the
    member may do with it (forum.policies, asked here so the template only reads)."""

    post: PostRow
    number: int
    reactions: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    is_blocked: bool = False
    is_new: bool = False
    is_own: bool = False
    is_support_worker: bool = False
    can_read_text: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_view_history: bool = False
    can_react: bool = False
    can_quote: bool = False
    can_reply_to: bool = False
    can_report: bool = False
    can_block: bool = False


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    posts: list[PostView]
    is_watching: bool
    first_new_post_id: int | None
    last_read_post_id: int | None  # None: the member never opened the thread
    can_reply: bool = False
    can_use_thread_tools: bool = False

    @property
    def read_up_to(self) -> int | None:
        """The post id to record as read, or None when the page shows nothing newer
        than the read state (a write that would change nothing is not made)."""
        if not self.posts:
            return None
        newest = self.posts[-1].post.id
        if self.last_read_post_id is not None and newest <= self.last_read_post_id:
            return None
        return newest


def _resolved(user: Any) -> Any:
    """The user behind `request.user`'s lazy proxies (two of them with django_otp).
    The page asks the rules a dozen questions per post, each reading attributes of the
    user; through the proxies that was a third of the page's time."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


_POST_COLUMNS = (
    "id",
    "author_id",
    "author__username",
    "moderation_state",
    "moderation_reason",
    "body_html",
    "created_at",
    "edited_at",
    "deleted_at",
)


# What forum.policies' post rules read of a post: the post's thread (the page's one
# thread), whether the user wrote it, its moderation state and whether it is deleted.
# Two posts alike in these get the same answers, so the page asks the rules once per
# kind of post (a page of 50 posts has a handful) rather than seven times per post.
# tests/forum/test_thread_page_kinds.py fails when a rule starts to read anything else.
POST_RULE_ATTRIBUTES = frozenset({"thread", "author_id", "moderation_state", "is_deleted"})


def post_kind(post: PostRow, user: Any) -> tuple[bool, str, bool]:
    """The key of the page's answers for `post`: everything the post rules read of it
    (POST_RULE_ATTRIBUTES) except the thread, which every post on a page shares; of
    the author, only whether it is `user` (the one thing the rules ask about it)."""
    is_author = post.author_id is not None and post.author_id == getattr(user, "pk", None)
    return (is_author, post.moderation_state, post.is_deleted)


def thread_page(*, member: Any, thread_id: int, page: Any = 1) -> ThreadPage:
    """The thread (404 as `thread_get`) and one page of its posts with reaction counts,
    the member's own reactions, blocks, the "new since your last visit" marker and what
    the member may do with each post — a fixed number of queries, and rows rather than
    model instances: the page only reads. Each query is as plain as the page allows
    (the ORM's own work per query is most of the page's database time): the thread
    without its author, whom the page does not show, and the count without the join
    the rows need for the authors' names."""
    member = _resolved(member)
    thread = _readable_thread(member, Thread.objects.select_related("category"), thread_id)
    posts = _thread_posts(member=member, thread=thread)
    paginator = Paginator(posts.values_list(*_POST_COLUMNS), POSTS_PER_PAGE)
    paginator.count = posts.count()  # a cached property: counted here, without the join
    current = paginator.get_page(page)
    rows = list(current.object_list)
    support_workers = set(
        User.objects.filter(
            pk__in={row[1] for row in rows if row[1]}, groups__name=Role.SUPPORT_WORKER
        ).values_list("pk", flat=True)
    )
    # The reactions themselves, counted here: the ORM took twice as long to build the
    # GROUP BY with a filtered count as the page spends counting a few per post.
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    for post_id, kind, member_id in Reaction.objects.filter(
        post_id__in=[row[0] for row in rows]
    ).values_list("post_id", "kind", "member_id"):
        per_kind = counts[post_id]
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if member_id == member.pk:
            mine[post_id].add(kind)
    blocked = blocked_member_ids(member=member)
    # [:1] rather than .first(): one row at most (unique), no ordering to add.
    last_read = next(
        iter(
            ReadState.objects.filter(member=member, thread=thread).values_list(
                "last_read_post_id", flat=True
            )[:1]
        ),
        None,
    )
    is_watching = Watch.objects.filter(member=member, thread=thread).exists()
    replying = policies.can_reply(member, thread)
    views = []
    first_new = None
    answers: dict[tuple, policies.PostPermissions] = {}
    for number, row in enumerate(rows, start=current.start_index()):
        post_id, author_id, username, state, reason, html, created, edited, deleted = row
        post = PostRow(
            id=post_id,
            thread=thread,
            author=Author(id=author_id, username=username) if author_id else None,
            moderation_state=state,
            moderation_reason=reason,
            body_html=html,
            created_at=created,
            edited_at=edited,
            deleted_at=deleted,
        )
        is_new = last_read is not None and post_id > last_read
        if is_new and first_new is None:
            first_new = post_id
        is_own = author_id is not None and author_id == member.pk
        kind = post_kind(post, member)
        allowed = answers.get(kind)
        if allowed is None:
            allowed = answers[kind] = policies.post_permissions(member, post)
        view = PostView(
            post=post,
            number=number,
            reactions=counts.get(post_id, {}),
            mine=mine.get(post_id, set()),
            is_blocked=author_id in blocked,
            is_new=is_new,
            is_own=is_own,
            is_support_worker=author_id in support_workers,
            can_read_text=allowed.read_text,
        )
        # The page offers actions only on a post whose text it shows, and the history
        # only of an edited one.
        if allowed.read_text:
            view.can_edit = allowed.edit
            view.can_delete = allowed.delete
            view.can_react = allowed.react
            view.can_quote = allowed.quote
            view.can_reply_to = replying and allowed.quote
            view.can_report = allowed.report
            # Blocking is community.accounts' member_block: any other member.
            view.can_block = (
                not is_own and post.author is not None and not is_former_member(post.author)
            )
        if edited and not deleted:
            view.can_view_history = allowed.history
        views.append(view)
    return ThreadPage(
        thread=thread,
        page=current,
        posts=views,
        is_watching=is_watching,
        first_new_post_id=first_new,
        last_read_post_id=last_read,
        can_reply=replying,
        can_use_thread_tools=policies.can_use_thread_tools(member, thread),
    )


def post_get(*, member: Any, post_id: int) -> Post:
    """A post the member may see (in a thread they may open), or 404."""
    post = Post.objects.select_related("thread__category", "author").filter(pk=post_id).first()
    if post is None:
        raise Http404
    thread_get(member=member, thread_id=post.thread_id)
    if not _thread_posts(member=member, thread=post.thread).filter(pk=post.pk).exists():
        raise Http404
    return post


def post_page_number(*, member: Any, post: Post) -> int:
    """Which page of its thread the post is on, for this member: permalinks stay right
    while held posts, splits and merges change what comes before it."""
    before = _thread_posts(member=member, thread=post.thread).filter(pk__lt=post.pk).count()
    return before // POSTS_PER_PAGE + 1


def post_revisions(*, post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("editor")


def search_threads(*, member: Any, query: str, page: Any = 1) -> Page:
    """Threads the member may read whose title or visible posts contain `query`."""
    query = " ".join(query.split())[:200]
    readable = Category.objects.readable_by(member).values("pk")
    matching_posts = Post.objects.filter(
        body__icontains=query, moderation_state=Post.VISIBLE, deleted_at__isnull=True
    ).values("thread_id")
    threads = (
        Thread.objects.filter(category__in=readable, is_visible=True)
        .filter(Q(title__icontains=query) | Q(pk__in=matching_posts))
        .select_related("category", "author")
        .order_by("-last_post_at", "-id")
    )
    if not query:
        threads = threads.none()
    return Paginator(threads, SEARCH_RESULTS_PER_PAGE).get_page(page)


def move_targets(*, thread: Thread) -> QuerySet[Category]:
    return Category.objects.exclude(pk=thread.category_id)
