"""The forum's cached counters: a thread's post count, last post and visibility, and
its category's totals."""

from django.db.models import Count, Max, Sum

from forum.models import Category, Post, Thread


def thread_refresh(*, thread: Thread) -> None:
    """Recompute a thread's cached counters and visibility, then its category's."""
    posts = Post.objects.filter(thread=thread)
    first = posts.order_by("id").only("id", "moderation_state").first()
    visible = posts.filter(moderation_state=Post.VISIBLE, deleted_at__isnull=True)
    last = visible.order_by("-id").only("id", "created_at").first()
    thread.first_post_id = first.pk if first else None
    thread.is_visible = first is not None and first.moderation_state == Post.VISIBLE
    thread.post_count = visible.count()
    thread.last_post_id = last.pk if last else None
    thread.last_post_at = last.created_at if last else thread.created_at
    thread.save(
        update_fields=["first_post", "is_visible", "post_count", "last_post", "last_post_at"]
    )
    category_refresh(category=thread.category)


def category_refresh(*, category: Category) -> None:
    totals = Thread.objects.filter(category=category, is_visible=True).aggregate(
        threads=Count("id"), posts=Sum("post_count"), last=Max("last_post_at")
    )
    category.thread_count = totals["threads"] or 0
    category.post_count = totals["posts"] or 0
    category.last_post_at = totals["last"]
    category.save(update_fields=["thread_count", "post_count", "last_post_at"])
