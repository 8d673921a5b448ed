"""The forum: categories, threads, posts, reactions, watching and read state.

Member-written text is stored twice: the Markdown source (`body`, what the author
edits) and the sanitised HTML (`body_html`, rendered once at save time by the one
sanitiser, community.text.render_markdown). Pages never re-render Markdown.

Counters on Category and Thread are a cache of what the posts say; the services keep
them current (moderation state changes reach them through the toolkit's
on_state_changed hook), `forum.services.thread_refresh` recomputes them.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from community.moderation.models import Moderatable, ModerationState
from community.policies import is_community_staff, is_moderator, member_may_enter

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 20_000


def _stored_html(body_html: str) -> SafeString:
    """`body_html` columns are written only by community.text.render_markdown (the one
    sanitiser) at save time; the database hands them back as plain str. Marking that
    stored output safe again is the only mark_safe in the forum."""
    return mark_safe(body_html)  # noqa: S308 - output of render_markdown, see above


class Access(models.TextChoices):
    MEMBERS = "members", _("All members")
    STAFF = "staff", _("Moderators and support workers only")


# The QuerySets below are forum.policies' rules in SQL (that module imports these
# models, so they ask community.policies for the roles);
# tests/forum/test_policy_agreement.py checks that both give the same answer.


class CategoryQuerySet(models.QuerySet):
    def readable_by(self, user: Any) -> "CategoryQuerySet":
        """forum.policies.can_read_category for many categories."""
        if not member_may_enter(user):
            return self.none()
        if is_community_staff(user):
            return self
        return self.filter(read_access=Access.MEMBERS)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    read_access = models.CharField(
        _("who may read"), max_length=16, choices=Access.choices, default=Access.MEMBERS
    )
    post_access = models.CharField(
        _("who may start threads and post"),
        max_length=16,
        choices=Access.choices,
        default=Access.MEMBERS,
    )
    posts_need_approval = models.BooleanField(
        _("posts need approval"),
        default=False,
        help_text=_("Every post in this category waits for a moderator before others see it."),
    )
    # Cache of visible threads/posts, kept by forum.services.
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")

    def __str__(self) -> str:
        return self.name


class ThreadQuerySet(models.QuerySet):
    def listed_for(self, user: Any) -> "ThreadQuerySet":
        """Threads a member sees in lists: visible ones, their own, all for moderators
        (forum.policies.can_read_thread, once the category is readable)."""
        if is_moderator(user):
            return self
        return self.filter(Q(is_visible=True) | Q(author=user))


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Moderator tools.
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    slow_mode_minutes = models.PositiveIntegerField(_("slow mode (minutes)"), default=0)
    # Cache, kept by forum.services.thread_refresh.
    is_visible = models.BooleanField(default=False)  # the opening post is visible
    first_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_post_at = models.DateTimeField(default=timezone.now)
    post_count = models.PositiveIntegerField(default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            # Exactly the list's ORDER BY, tiebreaker included: SQLite then walks the
            # index and stops after one page instead of sorting the whole category.
            models.Index(
                fields=["category", "-is_pinned", "-last_post_at", "-id"],
                name="forum_thread_listing",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.is_locked or (self.closes_at is not None and self.closes_at <= timezone.now())


class PostQuerySet(models.QuerySet):
    def readable_by(self, user: Any) -> "PostQuerySet":
        """Posts shown in a thread: held posts only to their author and moderators.
        Hidden posts stay in place (as a placeholder for members) so that positions
        and permalinks do not shift (forum.policies.can_see_post, once the thread opens)."""
        if is_moderator(user):
            return self
        return self.filter(Q(moderation_state__in=[Post.VISIBLE, Post.HIDDEN]) | Q(author=user))


class Post(Moderatable):
    VISIBLE = ModerationState.VISIBLE
    HELD = ModerationState.HELD
    HIDDEN = ModerationState.HIDDEN

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Notifications go out once, when the post first becomes visible.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The form's one-time token: the same submit twice creates one post.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["thread", "id"], name="forum_post_thread_id"),
            models.Index(fields=["author", "-created_at"], name="forum_post_author"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="forum_post_unique_submit",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def html(self) -> SafeString:
        return _stored_html(self.body_html)


class PostRevision(models.Model):
    """The text of a post before an edit; visible to its author and moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of {self.post_id}"

    @property
    def html(self) -> SafeString:
        return _stored_html(self.body_html)


class PostQuote(models.Model):
    """`post` quotes `quoted`: kept so a purge can remove the quote from `post`."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="quotes_made")
    quoted = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="quoted_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "quoted"], name="forum_unique_quote"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} quotes {self.quoted_id}"


class PostMention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="forum_unique_mention"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} mentions {self.member_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HEART = "heart", _("Heart")
        HUG = "hug", _("Hug")
        ME_TOO = "me_too", _("Me too")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="forum_unique_reaction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class Watch(models.Model):
    """A member watches a thread or a whole category (exactly one of them)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_watches"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(thread__isnull=False) & Q(category__isnull=True))
                | (Q(thread__isnull=True) & Q(category__isnull=False)),
                name="forum_watch_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=Q(thread__isnull=False),
                name="forum_unique_thread_watch",
            ),
            models.UniqueConstraint(
                fields=["member", "category"],
                condition=Q(category__isnull=False),
                name="forum_unique_category_watch",
            ),
        ]

    def __str__(self) -> str:
        return f"watch {self.thread_id or self.category_id}"


class ReadState(models.Model):
    """The last post a member has seen in a thread: drives "new since your last visit"."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_post_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="forum_unique_read_state"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} read {self.thread_id} up to {self.last_read_post_id}"
