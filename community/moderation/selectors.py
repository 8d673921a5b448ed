"""Reads for moderation: may this member post, must their posts be held, the queue."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.accounts.selectors import pending_members
from community.audit.models import AuditLog
from community.moderation.models import (
    Appeal,
    MemberTrust,
    ModeratorNote,
    Report,
    ReviewItem,
    Sanction,
    TrustLevel,
    WatchedWord,
)
from community.moderation.policies import is_about
from community.policies import is_community_staff
from community.registries.content import NotRegistered, adapter_for


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def reports_to_hide() -> int:
    """Reports from different members that hide content until a moderator decides."""
    return _setting("KRING_REPORTS_TO_HIDE", 3)


def held_first_posts() -> int:
    """How many approved posts a new member needs before posts go out unreviewed."""
    return _setting("KRING_HELD_FIRST_POSTS", 3)


def trust_member_posts() -> int:
    return _setting("KRING_TRUST_MEMBER_POSTS", 5)


def trust_member_days() -> int:
    return _setting("KRING_TRUST_MEMBER_DAYS", 7)


# --- Sanctions ------------------------------------------------------------------------


def active_sanction_for(member: Any) -> Sanction | None:
    """The most severe sanction in force now (silence, suspension, ban), or None."""
    if not getattr(member, "pk", None):
        return None
    active = list(Sanction.objects.filter(member_id=member.pk).active())
    if not active:
        return None
    return max(active, key=lambda s: (Sanction.SEVERITY[s.kind], s.ends_at is None, s.ends_at))


def sanctions_for_member(*, member: Any) -> QuerySet[Sanction]:
    """A member's own sanction history (what they may see: no staff note in templates)."""
    return Sanction.objects.filter(member=member).select_related("appeal")


def sanction_history(*, member: Any) -> QuerySet[Sanction]:
    """Full history for moderators."""
    return Sanction.objects.filter(member=member).select_related(
        "created_by", "revoked_by", "appeal", "appeal__decided_by", "appeal__assigned_to"
    )


# --- Trust ---------------------------------------------------------------------------------


def trust_level_for(member: Any) -> int:
    """The member's trust level. Staff in a verified session count as trusted (an
    unverified one is an ordinary member); no row means "new"."""
    if is_community_staff(member):
        return TrustLevel.TRUSTED
    level = MemberTrust.objects.filter(member_id=member.pk).values_list("level", flat=True).first()
    return TrustLevel.NEW if level is None else level


def member_needs_approval(member: Any) -> bool:
    """True while the member's posts must be held for a moderator (trust level "new")."""
    return trust_level_for(member) == TrustLevel.NEW


def computed_trust_level(*, member: Any, approved_posts: int) -> int:
    """Automatic promotion: new → basic after the held first posts; → member after
    enough approved posts and days of membership."""
    joined = getattr(member, "date_joined", None) or timezone.now()
    if approved_posts >= trust_member_posts() and timezone.now() - joined >= timedelta(
        days=trust_member_days()
    ):
        return TrustLevel.MEMBER
    if approved_posts >= held_first_posts():
        return TrustLevel.BASIC
    return TrustLevel.NEW


@dataclass(frozen=True)
class ContentLimits:
    """Per-post limits; None means unlimited."""

    links: int | None
    images: int | None
    mentions: int | None

    def errors(self, *, links: int = 0, images: int = 0, mentions: int = 0) -> list[str]:
        """Friendly messages for every limit the post goes over."""
        problems = []
        if self.links is not None and links > self.links:
            problems.append(
                ngettext(
                    "New members can add at most %(n)d link per post.",
                    "New members can add at most %(n)d links per post.",
                    self.links,
                )
                % {"n": self.links}
            )
        if self.images is not None and images > self.images:
            problems.append(
                _("New members cannot add images yet.")
                if self.images == 0
                else ngettext(
                    "New members can add at most %(n)d image per post.",
                    "New members can add at most %(n)d images per post.",
                    self.images,
                )
                % {"n": self.images}
            )
        if self.mentions is not None and mentions > self.mentions:
            problems.append(
                ngettext(
                    "New members can mention at most %(n)d member per post.",
                    "New members can mention at most %(n)d members per post.",
                    self.mentions,
                )
                % {"n": self.mentions}
            )
        return problems


_LIMITS = {
    TrustLevel.NEW: ContentLimits(links=2, images=0, mentions=2),
    TrustLevel.BASIC: ContentLimits(links=5, images=2, mentions=5),
}
_UNLIMITED = ContentLimits(links=None, images=None, mentions=None)


def content_limits_for(member: Any) -> ContentLimits:
    """Limits on links, images and mentions per post for this member's trust level."""
    return _LIMITS.get(trust_level_for(member), _UNLIMITED)


# --- Watched words -----------------------------------------------------------------------------


def watched_word_rules() -> list[WatchedWord]:
    return list(WatchedWord.objects.all())


# --- Review queue --------------------------------------------------------------------------------


@dataclass
class AuthorHistory:
    sanctions: int = 0
    active_sanction: str = ""
    notes: int = 0
    approved_posts: int = 0
    trust_level: int = TrustLevel.NEW


@dataclass
class QueueEntry:
    item: ReviewItem
    target: Any
    adapter: Any
    author: Any
    history: AuthorHistory | None
    reports: list[Report] = field(default_factory=list)
    reason_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_held(self) -> bool:
        return getattr(self.target, "moderation_state", "") == "held"

    @property
    def is_hidden(self) -> bool:
        return getattr(self.target, "moderation_state", "") == "hidden"

    @property
    def is_moderatable(self) -> bool:
        return self.adapter is not None and self.adapter.is_moderatable

    @property
    def preview(self) -> str:
        if self.target is None or self.adapter is None:
            return ""
        return self.adapter.preview(self.target)

    @property
    def url(self) -> str:
        if self.target is None or self.adapter is None:
            return ""
        return self.adapter.url(self.target)

    @property
    def context(self) -> str:
        if self.target is None or self.adapter is None or self.adapter.context is None:
            return ""
        return self.adapter.context(self.target)

    @property
    def label(self) -> str:
        if self.adapter is None:
            return f"#{self.item.object_id}"
        return self.adapter.audit_label


def review_queue(*, viewer: Any, items: QuerySet[ReviewItem] | None = None) -> list[QueueEntry]:
    """Open review items with their targets, reports and the authors' history, without
    the ones about `viewer` (their own content or account: another moderator decides,
    community.moderation.policies).

    A constant number of queries: items + reports, then one query per registered
    content type present, then one each for sanctions, notes and trust of the authors.
    """
    if items is None:
        items = ReviewItem.objects.filter(status=ReviewItem.Status.OPEN)
    items = list(
        items.select_related("content_type").prefetch_related(
            Prefetch("reports", queryset=Report.objects.order_by("created_at", "id"))
        )
    )
    targets = _load_targets(items)
    entries = []
    for item in items:
        target = targets.get((item.content_type_id, item.object_id))
        if is_about(viewer, target):
            continue
        adapter = None
        if target is not None:
            try:
                adapter = adapter_for(target)
            except NotRegistered:
                adapter = None
        author = adapter.author(target) if adapter is not None else None
        reports = list(item.reports.all())
        counts: dict[str, int] = defaultdict(int)
        for report in reports:
            counts[report.get_reason_display()] += 1
        entries.append(
            QueueEntry(
                item=item,
                target=target,
                adapter=adapter,
                author=author,
                history=None,
                reports=reports,
                reason_counts=sorted(counts.items(), key=lambda kv: -kv[1]),
            )
        )
    histories = author_histories(
        member_ids={e.author.pk for e in entries if getattr(e.author, "pk", None)}
    )
    for entry in entries:
        if getattr(entry.author, "pk", None):
            entry.history = histories.get(entry.author.pk, AuthorHistory())
    return entries


def _load_targets(items: list[ReviewItem]) -> dict[tuple[int, str], Any]:
    return _load_objects((item.content_type_id, item.object_id) for item in items)


def _load_objects(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Any]:
    """Objects by (content type id, object id): one query per content type."""
    by_type: dict[int, list[str]] = defaultdict(list)
    for ct_id, object_id in keys:
        by_type[ct_id].append(object_id)
    found: dict[tuple[int, str], Any] = {}
    for ct_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.all()
        try:
            related = adapter_for(model).related
        except NotRegistered:
            related = ()
        if related:
            queryset = queryset.select_related(*related)
        for obj in queryset.filter(pk__in=ids):
            found[(ct_id, str(obj.pk))] = obj
    return found


def author_histories(*, member_ids: set[int]) -> dict[int, AuthorHistory]:
    """Previous sanctions, notes and approved posts for many members in three queries."""
    if not member_ids:
        return {}
    histories = {pk: AuthorHistory() for pk in member_ids}
    now = timezone.now()
    for row in (
        Sanction.objects.filter(member_id__in=member_ids)
        .values("member_id")
        .annotate(total=Count("id"))
    ):
        histories[row["member_id"]].sanctions = row["total"]
    for sanction in Sanction.objects.filter(member_id__in=member_ids).active(now=now):
        histories[sanction.member_id].active_sanction = sanction.get_kind_display()
    for row in (
        ModeratorNote.objects.filter(member_id__in=member_ids)
        .values("member_id")
        .annotate(total=Count("id"))
    ):
        histories[row["member_id"]].notes = row["total"]
    for trust in MemberTrust.objects.filter(member_id__in=member_ids):
        histories[trust.member_id].approved_posts = trust.approved_posts
        histories[trust.member_id].trust_level = trust.level
    return histories


def open_review_for(*, target: Any) -> ReviewItem | None:
    ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return ReviewItem.objects.filter(
        content_type=ct, object_id=str(target.pk), status=ReviewItem.Status.OPEN
    ).first()


def pending_members_for_queue() -> list[Any]:
    """Accounts waiting for approval (the accounts app's selector)."""
    return list(pending_members())


# --- Notes and appeals -------------------------------------------------------------------------


def notes_for_member(*, member: Any) -> QuerySet[ModeratorNote]:
    return ModeratorNote.objects.filter(member=member).select_related("author")


def appeals_for_moderator(*, moderator: Any) -> QuerySet[Appeal]:
    """Open appeals this moderator may decide (never the ones about their own decision)."""
    return (
        Appeal.objects.filter(decided_at__isnull=True)
        .exclude(sanction__created_by=moderator)
        .filter(Q(assigned_to=moderator) | Q(assigned_to__isnull=True))
        .select_related("sanction", "sanction__member", "sanction__created_by")
    )


# Entries whose actor is a reporter.
REPORT_ACTIONS = frozenset({"moderation.report.created"})


@dataclass(frozen=True)
class AuditRow:
    entry: AuditLog
    actor_hidden: bool  # a reporter, and the report is about the viewer


def audit_rows(*, viewer: Any, entries: Iterable[AuditLog]) -> list[AuditRow]:
    """Audit entries as `viewer` may read them: a reporter is never named to the member
    reported, staff included. Entries name whom a report is about (`data["about"]`);
    for older ones the target decides, and a target that is gone hides the reporter."""
    entries = list(entries)
    unresolved = {
        (entry.target_content_type_id, entry.target_object_id)
        for entry in entries
        if entry.action in REPORT_ACTIONS and "about" not in entry.data
    }
    targets = _load_objects(key for key in unresolved if key[0] is not None)
    rows = []
    for entry in entries:
        hidden = False
        if entry.action in REPORT_ACTIONS:
            if "about" in entry.data:
                hidden = entry.data["about"] == viewer.pk
            else:
                target = targets.get((entry.target_content_type_id, entry.target_object_id))
                hidden = target is None or is_about(viewer, target)
        rows.append(AuditRow(entry=entry, actor_hidden=hidden))
    return rows
