"""Keeps the forum's cached counters in step when the moderation toolkit changes a
post's state (hold, approve, hide, restore), and sends a post's notifications when it
first becomes visible. The toolkit lives in community/ and cannot call the forum."""

from typing import Any

from django.db import transaction

from forum.models import Post


def post_saved(sender: type[Post], instance: Post, created: bool, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "moderation_state" not in update_fields:
        return
    from forum.services import post_notify, thread_refresh

    thread = instance.thread
    thread_refresh(thread=thread)
    if instance.moderation_state == Post.VISIBLE and instance.notified_at is None:
        transaction.on_commit(lambda: post_notify(post=instance))
