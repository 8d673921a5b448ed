"""The forum's part of a member's data export and account deletion
(registered with community.registries.member_data in forum.apps)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from community.privacy.constants import FORMER_MEMBER_LABEL
from forum.models import Post, PostRevision, Reaction, ReadState, Thread, Watch
from forum.quotes import body_render
from forum.services.counters import category_refresh, thread_refresh
from forum.services.posting import legacy_quote_copies_remove
from forum.text import mentions_replace


def forum_member_export(member: User) -> dict[str, Any]:
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
def forum_member_erase(member: User) -> None:
    """Erase what the member wrote, and their name where others wrote it.

    Their posts and earlier versions go. A thread they started keeps other members'
    replies under a neutral title (the title was theirs), and its opening post becomes
    an empty "deleted" placeholder; a thread with nothing else in it goes. Quotes of
    their posts are references, so they show "not available" from now on."""
    own_posts = list(Post.objects.filter(author=member).select_related("thread"))
    legacy_quote_copies_remove(post_ids=[post.pk for post in own_posts])
    touched = {post.thread_id for post in own_posts}
    touched.update(Thread.objects.filter(author=member).values_list("pk", flat=True))
    for post in own_posts:
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
    for thread in Thread.objects.filter(pk__in=touched).select_related("category"):
        if not thread.posts.exists():
            category = thread.category
            thread.delete()
            category_refresh(category=category)
            continue
        if thread.author_id == member.pk:
            thread.author = None
            thread.title = _("A thread by a former member")
            thread.save(update_fields=["author", "title"])
        thread_refresh(thread=thread)
    _mentions_of_member_rewrite(member)
    _personal_rows_delete(member)


@transaction.atomic
def forum_member_anonymise(member: User, former_member: User) -> None:
    """Keep what the member wrote, shown as "former member"; where others mentioned
    them by name, the name becomes "former member" too."""
    Post.objects.filter(author=member).update(author=former_member)
    Thread.objects.filter(author=member).update(author=former_member)
    PostRevision.objects.filter(editor=member).update(editor=former_member)
    _mentions_of_member_rewrite(member)
    _personal_rows_delete(member)


def _mentions_of_member_rewrite(member: User) -> None:
    """Posts are stored text, so a deleted member's "@name" in anyone's post (and its
    earlier versions) is rewritten to "former member": nothing then shows or finds it."""
    name = member.username
    replacement = str(FORMER_MEMBER_LABEL)
    needle = f"@{name}"
    for model in (Post, PostRevision):
        for row in model.objects.filter(body__icontains=needle):
            body = mentions_replace(row.body, name=name, replacement=replacement)
            if body != row.body:
                row.body = body
                row.body_html = body_render(body)
                row.save(update_fields=["body", "body_html"])


def _personal_rows_delete(member: User) -> None:
    Reaction.objects.filter(member=member).delete()
    Watch.objects.filter(member=member).delete()
    ReadState.objects.filter(member=member).delete()
