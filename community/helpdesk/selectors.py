"""Reads for the help desk. Every function that returns a request asks
community.helpdesk.policies first; list pages use a fixed number of queries
(tests/helpdesk/test_queries.py)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from community.helpdesk import policies
from community.helpdesk.models import (
    HelpMessage,
    HelpRequest,
    InternalNote,
    RequestRead,
    Status,
    SupportWorkerMembership,
)
from community.info.organisations import Organisation
from community.roles import Role

RESPONSE_TIME_DAYS = 90


# --- Organisations -------------------------------------------------------------------------


def organisation_canonical(organisation: Organisation) -> Organisation:
    """The row in the default language for `organisation` (itself when it is that
    row, or when no such translation exists): the help desk's one id per organisation."""
    default = Locale.get_default()
    if organisation.locale_id == default.pk:
        return organisation
    return (
        Organisation.objects.filter(
            translation_key=organisation.translation_key, locale=default
        ).first()
        or organisation
    )


def organisation_ids_with_staff() -> set[int]:
    """Organisations with at least one active account that holds the support-worker
    role: only they can be written to."""
    return set(
        SupportWorkerMembership.objects.filter(
            worker__is_active=True, worker__groups__name=Role.SUPPORT_WORKER
        ).values_list("organisation_id", flat=True)
    )


def organisations_in_language(ids: set[int]) -> dict[int, Organisation]:
    """{canonical id: the organisation as the reader sees it}: its translation in the
    current language when one exists, else the canonical row. Two queries."""
    if not ids:
        return {}
    canonical = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    language = (get_language() or "").split("-")[0]
    translations = {
        o.translation_key: o
        for o in Organisation.objects.filter(
            translation_key__in=[o.translation_key for o in canonical.values()],
            locale__language_code=language,
        )
    }
    return {pk: translations.get(o.translation_key, o) for pk, o in canonical.items()}


@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    name: str
    promise: str


def organisations_for_new_request() -> list[OrganisationChoice]:
    """Live organisations with support workers, in the reader's language, by name."""
    ids = set(
        Organisation.objects.filter(pk__in=organisation_ids_with_staff(), live=True).values_list(
            "pk", flat=True
        )
    )
    shown = organisations_in_language(ids)
    choices = [
        OrganisationChoice(id=pk, name=o.name, promise=o.response_promise)
        for pk, o in shown.items()
    ]
    return sorted(choices, key=lambda c: c.name.casefold())


def organisation_for_topic(*, topic_code: str | None) -> Organisation | None:
    """Where a request about `topic_code` goes when the member chose no organisation:
    of the live organisations with staff that help with it (any, for "other"), the one
    with the fewest open requests, then by name."""
    candidates = Organisation.objects.filter(pk__in=organisation_ids_with_staff(), live=True)
    if topic_code is not None:
        candidates = candidates.filter(topics__code=topic_code)
    candidates = candidates.annotate(
        open_requests=Count("help_requests", filter=~Q(help_requests__status=Status.CLOSED))
    ).order_by("open_requests", "name", "pk")
    return candidates.first()


# --- Members ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    request: HelpRequest
    organisation: Organisation
    unanswered_by_you: bool = False


def requests_for_member(*, member: Any) -> list[RequestRow]:
    """The member's own requests, latest activity first. Four queries."""
    requests = list(HelpRequest.objects.filter(member=member).select_related("assigned_to"))
    shown = organisations_in_language({r.organisation_id for r in requests})
    return [RequestRow(request=r, organisation=shown[r.organisation_id]) for r in requests]


def request_for_member(*, member: Any, request_id: int) -> HelpRequest | None:
    """The member's own request, or None (missing and someone else's look alike)."""
    request = (
        HelpRequest.objects.filter(pk=request_id).select_related("assigned_to", "member").first()
    )
    if request is None or not policies.is_request_owner(member, request):
        return None
    return request


def request_by_id(*, request_id: int) -> HelpRequest | None:
    """A request without any check: staff views ask the policy themselves, so that a
    refusal can be told apart from a missing id (and logged)."""
    return HelpRequest.objects.filter(pk=request_id).select_related("assigned_to", "member").first()


@dataclass
class RequestDetail:
    request: HelpRequest
    organisation: Organisation
    handover_to: Organisation | None
    messages: list[HelpMessage]
    notes: list[InternalNote] = field(default_factory=list)
    reads: list[RequestRead] = field(default_factory=list)
    organisations: dict[int, Organisation] = field(default_factory=dict)


def request_detail(*, viewer: Any, request: HelpRequest) -> RequestDetail:
    """Everything the request page shows to `viewer`, who must be allowed to read it.
    The member sees the read log; staff see their organisation's notes, never another
    organisation's."""
    if not policies.can_read_request(viewer, request):
        raise PermissionError("not allowed to read this request")
    messages = list(request.messages.select_related("author"))
    org_ids = {request.organisation_id} | {m.organisation_id for m in messages if m.organisation_id}
    if request.handover_to_id:
        org_ids.add(request.handover_to_id)
    detail = RequestDetail(
        request=request,
        organisation=Organisation(),
        handover_to=None,
        messages=messages,
    )
    if policies.is_request_owner(viewer, request):
        detail.reads = list(request.reads.select_related("reader"))
        org_ids |= {r.organisation_id for r in detail.reads if r.organisation_id}
    if policies.can_work_on_request(viewer, request):
        detail.notes = list(
            request.notes.filter(
                organisation_id__in=policies.staff_organisation_ids(viewer)
            ).select_related("author")
        )
    shown = organisations_in_language(org_ids)
    detail.organisation = shown[request.organisation_id]
    detail.handover_to = shown.get(request.handover_to_id) if request.handover_to_id else None
    detail.organisations = shown
    return detail


# --- Support workers -------------------------------------------------------------------------


class QueueFilter:
    OPEN = "open"
    NEW = "new"
    MINE = "mine"
    CLOSED = "closed"
    ALL = (OPEN, NEW, MINE, CLOSED)


def queue_for_staff(*, worker: Any, show: str = QueueFilter.OPEN) -> list[RequestRow]:
    """The requests of the worker's organisations (none for anyone else), oldest
    waiting first. A fixed number of queries, however long the queue."""
    org_ids = policies.staff_organisation_ids(worker)
    if not org_ids:
        return []
    requests = HelpRequest.objects.filter(organisation_id__in=org_ids).select_related("assigned_to")
    if show == QueueFilter.NEW:
        requests = requests.filter(status=Status.NEW)
    elif show == QueueFilter.MINE:
        requests = requests.open().filter(assigned_to=worker)
    elif show == QueueFilter.CLOSED:
        requests = requests.filter(status=Status.CLOSED).order_by("-closed_at", "-id")[:100]
    else:
        requests = requests.open()
    if show != QueueFilter.CLOSED:
        requests = requests.order_by("last_activity_at", "id")
    rows = list(requests)
    shown = organisations_in_language({r.organisation_id for r in rows})
    return [
        RequestRow(
            request=r,
            organisation=shown[r.organisation_id],
            unanswered_by_you=r.status in (Status.NEW, Status.PICKED_UP),
        )
        for r in rows
    ]


def handover_choices(*, request: HelpRequest) -> list[OrganisationChoice]:
    """Organisations the request may be handed over to: others with staff."""
    return [c for c in organisations_for_new_request() if c.id != request.organisation_id]


def worker_organisations(*, worker: Any) -> list[Organisation]:
    """The organisations a support worker answers for, as the reader sees them (their
    verified badge names them)."""
    return list(organisations_in_language(set(policies.staff_organisation_ids(worker))).values())


# --- Editors: response times ---------------------------------------------------------------


@dataclass(frozen=True)
class ResponseTime:
    organisation: Organisation
    answered: int
    median: timedelta | None
    waiting: int


def response_times(*, now: datetime | None = None) -> list[ResponseTime]:
    """Per organisation, over requests that reached it in the last 90 days: the median
    time from arrival to the first personal answer, how many were answered, and how
    many still wait for one. Two queries plus the names."""
    now = now or timezone.now()
    since = now - timedelta(days=RESPONSE_TIME_DAYS)
    rows = HelpRequest.objects.filter(arrived_at__gte=since).values_list(
        "organisation_id", "arrived_at", "first_answer_at", "status"
    )
    durations: dict[int, list[timedelta]] = {}
    waiting: dict[int, int] = {}
    for organisation_id, arrived_at, first_answer_at, status in rows:
        durations.setdefault(organisation_id, [])
        waiting.setdefault(organisation_id, 0)
        if first_answer_at is not None:
            durations[organisation_id].append(first_answer_at - arrived_at)
        elif status != Status.CLOSED:
            waiting[organisation_id] += 1
    shown = organisations_in_language(set(durations))
    figures = [
        ResponseTime(
            organisation=shown[pk],
            answered=len(values),
            median=statistics.median(values) if values else None,
            waiting=waiting[pk],
        )
        for pk, values in durations.items()
    ]
    return sorted(figures, key=lambda f: f.organisation.name.casefold())
