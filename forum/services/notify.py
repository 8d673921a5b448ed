"""Notifications about a new visible post."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from community.notifications.services import notification_create
from community.policies import as_recipient
from community.privacy.selectors import is_former_member
from forum.models import Post, Watch
from forum.policies import can_read_category


def post_notify(*, post: Post) -> None:
    """Tell mentioned, quoted, replied-to members and watchers about a visible post —
    each member once, by the most personal reason. Runs once per post."""
    updated = Post.objects.filter(pk=post.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not updated:
        return
    post = Post.objects.select_related("thread__category", "author").get(pk=post.pk)
    author = post.author
    # An account deleted with its content kept: nobody to name, nobody to notify as.
    if author is None or is_former_member(author):
        return
    category = post.thread.category
    url = reverse("forum:post", args=[post.pk])
    recipients: dict[int, tuple[User, str, str]] = {}

    def add(member: User | None, kind: str, text: str = "") -> None:
        if member is None or member.pk == author.pk or member.pk in recipients:
            return
        # Read later, in a session a staff member will have verified by then.
        if not can_read_category(as_recipient(member), category):
            return
        recipients[member.pk] = (member, kind, text)

    # Mentions, quotes and replies store no text: the list renders it from the actor
    # row when shown, so a deleted account leaves no name behind.
    for mention in post.mentions.select_related("member"):
        add(mention.member, "mention")
    for quote in post.quotes_made.select_related("quoted__author"):
        add(quote.quoted.author, "quote")
    replied_to = post.reply_to.author if post.reply_to_id and post.reply_to else None
    if replied_to is None and post.thread.first_post_id != post.pk:
        replied_to = post.thread.author
    add(replied_to, "reply")
    watchers = Watch.objects.filter(Q(thread=post.thread) | Q(category=category)).select_related(
        "member"
    )
    for watch in watchers:
        add(watch.member, "watched", _("New post in a thread or category you watch"))
    for member, kind, text in recipients.values():
        notification_create(
            recipient=member, kind=kind, actor=author, target=post, url=url, text=text
        )
