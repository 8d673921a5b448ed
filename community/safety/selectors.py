"""Reads for safety warnings. The list asks a constant number of queries whatever its
length: counts and "did I mark it" are annotations, not per-row queries."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from community.safety.models import AlertArea, AlertPreference, MeToo, SafetyWarning
from community.safety.policies import can_read_warning

PAGE_SIZE = 20


def _published(now: datetime) -> Q:
    return Q(
        moderation_state=SafetyWarning.VISIBLE,
        published_at__isnull=False,
        text_deleted_at__isnull=True,
        expires_at__gt=now,
    )


def _with_counts(queryset: QuerySet[SafetyWarning], *, member: Any) -> QuerySet[SafetyWarning]:
    return queryset.annotate(
        me_too_count=Count("me_too_marks", distinct=True),
        marked_by_me=Exists(MeToo.objects.filter(warning=OuterRef("pk"), member_id=member.pk)),
    )


def warnings_published(
    *,
    member: Any,
    kind: str = "",
    area: str = "",
    page: int | str | None = 1,
    now: datetime | None = None,
) -> Page:
    """Published, unexpired warnings, newest first, optionally of one kind or area.
    Never the reporter: the rows are read without it."""
    now = now or timezone.now()
    queryset = SafetyWarning.objects.filter(_published(now))
    if kind:
        queryset = queryset.filter(kind=kind)
    if area:
        queryset = queryset.filter(area=area)
    queryset = _with_counts(queryset, member=member).order_by("-published_at", "-pk")
    return Paginator(queryset, PAGE_SIZE).get_page(page)


def warning_for_member(
    *, member: Any, warning_id: int, now: datetime | None = None
) -> SafetyWarning | None:
    """The warning if this member may read it; None for a missing id and for one they
    may not read alike (the page answers 404 for both)."""
    warning = (
        _with_counts(SafetyWarning.objects.filter(pk=warning_id), member=member)
        .select_related("reporter")
        .first()
    )
    if warning is None or not can_read_warning(member, warning, now=now):
        return None
    return warning


def warnings_by_reporter(*, member: Any) -> QuerySet[SafetyWarning]:
    """A member's own warnings with their status (held, published, not published)."""
    return _with_counts(SafetyWarning.objects.filter(reporter=member), member=member).order_by(
        "-created_at"
    )


@dataclass(frozen=True)
class AlertSettings:
    areas: list[str]
    email: bool


def alert_settings_for(*, member: Any) -> AlertSettings:
    areas = list(
        AlertArea.objects.filter(member=member).order_by("area").values_list("area", flat=True)
    )
    email = AlertPreference.objects.filter(member=member, email=True).exists()
    return AlertSettings(areas=areas, email=email)
