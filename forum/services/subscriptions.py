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


def read_state_mark(
    *, member: User, thread: Thread, post_id: int, has_read_state: bool = True
) -> None:
    """Remember the newest post the member has seen in the thread (never goes back).

    `has_read_state=False`: the caller has just read that the member has no read state
    for the thread (the thread page's first visit), so the row is inserted at once: one
    statement instead of a failed update and get_or_create's select, savepoint and
    insert. Should another request have inserted it meanwhile, this one is dropped, as
    get_or_create would have done."""
    if not has_read_state:
        ReadState.objects.bulk_create(
            [ReadState(member=member, thread=thread, last_read_post_id=post_id)],
            ignore_conflicts=True,
        )
        return
    updated = ReadState.objects.filter(
        member=member, thread=thread, last_read_post_id__lt=post_id
    ).update(last_read_post_id=post_id, updated_at=timezone.now())
    if not updated:
        ReadState.objects.get_or_create(
            member=member, thread=thread, defaults={"last_read_post_id": post_id}
        )
