"""The forum's part of a member's data export and account deletion
(registered with community.privacy.registry in forum.apps)."""

from typing import Any

from django.db import transaction

from forum.models import Post, PostRevision, Reaction, ReadState, Thread, Watch
from forum.services.counters import thread_refresh
from forum.services.posting import legacy_quote_copies_remove


def forum_member_export(member: Any) -> dict[str, Any]:
    return {
        "threads_started": [
            {"id": t.pk, "title": t.title, "created_at": t.created_at.isoformat()}
            for t in Thread.objects.filter(author=member).order_by("id")
        ],
        "posts": [
            {
                "id": p.pk,
                "thread": p.thread_id,
                "text": p.body,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
                "moderation_state": p.moderation_state,
            }
            for p in Post.objects.filter(author=member).order_by("id")
        ],
        "earlier_versions": [
            {"post": r.post_id, "text": r.body, "created_at": r.created_at.isoformat()}
            for r in PostRevision.objects.filter(post__author=member).order_by("id")
        ],
        "reactions": [
            {"post": r.post_id, "kind": r.kind}
            for r in Reaction.objects.filter(member=member).order_by("id")
        ],
        "watching": [
            {"thread": w.thread_id, "category": w.category_id}
            for w in Watch.objects.filter(member=member).order_by("id")
        ],
    }


@transaction.atomic
def forum_member_erase(member: Any) -> None:
    """Erase what the member wrote. A thread they started keeps other members'
    replies; its opening post becomes an empty "deleted" placeholder."""
    touched: set[int] = set()
    own_posts = list(Post.objects.filter(author=member).select_related("thread"))
    # Quotes of these posts are references: they show "not available" from now on.
    legacy_quote_copies_remove(post_ids=[post.pk for post in own_posts])
    for post in own_posts:
        touched.add(post.thread_id)
        if (
            post.thread.first_post_id == post.pk
            and post.thread.posts.exclude(author=member).exists()
        ):
            post.body = ""
            post.body_html = ""
            post.author = None
            post.deleted_at = post.deleted_at or post.created_at
            post.save(update_fields=["body", "body_html", "author", "deleted_at"])
            post.revisions.all().delete()
        else:
            post.delete()
    for thread in Thread.objects.filter(pk__in=touched):
        if not thread.posts.exists():
            thread.delete()
        else:
            if thread.author_id == member.pk:
                thread.author = None
                thread.save(update_fields=["author"])
            thread_refresh(thread=thread)
    _personal_rows_delete(member)


@transaction.atomic
def forum_member_anonymise(member: Any, former_member: Any) -> None:
    """Keep what the member wrote, shown as "former member"."""
    Post.objects.filter(author=member).update(author=former_member)
    Thread.objects.filter(author=member).update(author=former_member)
    PostRevision.objects.filter(editor=member).update(editor=former_member)
    _personal_rows_delete(member)


def _personal_rows_delete(member: Any) -> None:
    Reaction.objects.filter(member=member).delete()
    Watch.objects.filter(member=member).delete()
    ReadState.objects.filter(member=member).delete()
