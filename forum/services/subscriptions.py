"""Watching threads and categories, and what a member has read."""

from django.utils import timezone

from community.models import User
from forum.models import Category, ReadState, Thread, Watch


def thread_watch_set(*, actor: User, thread: Thread, watching: bool) -> None:
    if watching:
        Watch.objects.get_or_create(member=actor, thread=thread)
    else:
        Watch.objects.filter(member=actor, thread=thread).delete()


def category_watch_set(*, actor: User, category: Category, watching: bool) -> None:
    if watching:
        Watch.objects.get_or_create(member=actor, category=category)
    else:
        Watch.objects.filter(member=actor, category=category).delete()


def read_state_mark(*, member: User, thread: Thread, post_id: int) -> None:
    """Remember the newest post the member has seen in the thread (never goes back)."""
    updated = ReadState.objects.filter(
        member=member, thread=thread, last_read_post_id__lt=post_id
    ).update(last_read_post_id=post_id, updated_at=timezone.now())
    if not updated:
        ReadState.objects.get_or_create(
            member=member, thread=thread, defaults={"last_read_post_id": post_id}
        )
