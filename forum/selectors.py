"""Reads in the forum. Every list and page here runs a fixed number of queries,
however many threads or posts there are (tests/forum/test_queries.py holds us to it)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from community.models import User
from community.roles import Role
from community.selectors import blocked_member_ids
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


def thread_list(*, member: Any, category: Category, page: Any = 1) -> Page:
    """One page of the category's threads, pinned first, then by last activity; each
    thread carries `last_read_post_id` (None when never opened) for the "new" marker."""
    last_read = ReadState.objects.filter(member=member, thread=OuterRef("pk")).values(
        "last_read_post_id"
    )[:1]
    threads = (
        Thread.objects.filter(category=category)
        .listed_for(member)
        .select_related("author", "last_post__author")
        # The last post is only there for its author and time: not its text.
        .defer("last_post__body", "last_post__body_html", "last_post__moderation_reason")
        .annotate(last_read_post_id=Subquery(last_read))
        .order_by("-is_pinned", "-last_post_at", "-id")
    )
    return Paginator(threads, THREADS_PER_PAGE).get_page(page)


def thread_get(*, member: Any, thread_id: int) -> Thread:
    """The thread, or 404 when it does not exist, its category is closed to the member,
    or its opening post is not visible to them."""
    thread = Thread.objects.select_related("category", "author").filter(pk=thread_id).first()
    if thread is None or not policies.can_read_thread(member, thread):
        raise Http404
    return thread


def _thread_posts(*, member: Any, thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread).readable_by(member)


@dataclass
class PostView:
    """A post as one member sees it."""

    post: Post
    number: int
    reactions: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    is_blocked: bool = False
    is_new: bool = False
    allowed: policies.PostPermissions | None = None
    is_own: bool = False
    is_support_worker: bool = False


@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    posts: list[PostView]
    is_watching: bool
    first_new_post_id: int | None
    last_read_post_id: int | None  # None: the member never opened the thread


def thread_page(*, member: Any, thread: Thread, page: Any = 1) -> ThreadPage:
    """One page of posts with reaction counts, the member's own reactions, blocks and
    the "new since your last visit" marker — a fixed number of queries."""
    paginator = Paginator(
        _thread_posts(member=member, thread=thread).select_related("author"), POSTS_PER_PAGE
    )
    current = paginator.get_page(page)
    posts = list(current.object_list)
    ids = [post.pk for post in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Reaction.objects.filter(post_id__in=ids)
        .values("post_id", "kind")
        .annotate(total=Count("id"))
        .order_by()
    ):
        counts[row["post_id"]][row["kind"]] = row["total"]
    mine: dict[int, set[str]] = defaultdict(set)
    for post_id, kind in Reaction.objects.filter(post_id__in=ids, member=member).values_list(
        "post_id", "kind"
    ):
        mine[post_id].add(kind)
    blocked = blocked_member_ids(member=member)
    support_workers = set(
        User.groups.through.objects.filter(
            user_id__in={post.author_id for post in posts if post.author_id},
            group__name=Role.SUPPORT_WORKER,
        ).values_list("user_id", flat=True)
    )
    state = ReadState.objects.filter(member=member, thread=thread).first()
    last_read = state.last_read_post_id if state else 0
    is_watching = Watch.objects.filter(member=member, thread=thread).exists()
    views = []
    first_new = None
    for index, post in enumerate(posts, start=current.start_index()):
        is_new = state is not None and post.pk > last_read
        if is_new and first_new is None:
            first_new = post.pk
        is_own = post.author_id is not None and post.author_id == member.pk
        post.thread = thread  # the policies read the post's thread: no query per post
        views.append(
            PostView(
                post=post,
                number=index,
                reactions=counts.get(post.pk, {}),
                mine=mine.get(post.pk, set()),
                is_blocked=post.author_id in blocked,
                is_new=is_new,
                is_own=is_own,
                allowed=policies.post_permissions(member, post),
                is_support_worker=post.author_id in support_workers,
            )
        )
    return ThreadPage(
        thread=thread,
        page=current,
        posts=views,
        is_watching=is_watching,
        first_new_post_id=first_new,
        last_read_post_id=state.last_read_post_id if state else None,
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
