"""The help desk's part of a member's data export and account deletion (registered
with community.registries.member_data in apps.py).

A member's own requests are a private conversation with an organisation, of no use to
the community: they are deleted whether the member erases or keeps what they wrote.
What a support worker wrote in members' requests stays with those members when the
worker keeps their content (shown as "former member") and goes when they erase it;
their read-log entries stay, without a name, so the member still sees that someone
opened the request.
"""

from typing import Any

from community.helpdesk.models import (
    HelpMessage,
    HelpRequest,
    InternalNote,
    RequestRead,
    SupportWorkerMembership,
)
from community.notifications.services import notifications_for_target_delete


def helpdesk_member_export(member: Any) -> dict[str, Any]:
    """The member's requests with every message and the read log; not the support
    workers' internal notes (the organisation's case notes, like moderator notes).
    A support worker's export also names the organisations they answer for."""
    requests = (
        HelpRequest.objects.filter(member=member)
        .select_related("organisation", "assigned_to")
        .prefetch_related("messages__author", "reads__reader", "reads__organisation")
        .order_by("id")
    )
    data: dict[str, Any] = {"requests": [_request_export(r, member) for r in requests]}
    organisations = [
        m.organisation.name
        for m in SupportWorkerMembership.objects.filter(worker=member).select_related(
            "organisation"
        )
    ]
    if organisations:
        data["organisations_worked_for"] = organisations
    return data


def _request_export(request: HelpRequest, member: Any) -> dict[str, Any]:
    return {
        "subject": request.subject,
        "organisation": request.organisation.name,
        "topic": request.topic,
        "contact_preference": request.contact_preference,
        "status": request.status,
        "picked_up_by": request.assigned_to.username if request.assigned_to else None,
        "created_at": request.created_at.isoformat(),
        "closed_at": request.closed_at.isoformat() if request.closed_at else None,
        "messages": [
            {
                "from": "you"
                if m.author_id == member.pk
                else (m.author.username if m.author else "former member"),
                "text": m.text,
                "sent_at": m.created_at.isoformat(),
            }
            for m in request.messages.all()
        ],
        "opened_by": [
            {
                "support_worker": read.reader.username if read.reader else None,
                "organisation": read.organisation.name if read.organisation else None,
                "at": read.read_at.isoformat(),
            }
            for read in request.reads.all()
        ],
    }


def _own_requests_delete(member: Any) -> None:
    for request in HelpRequest.objects.filter(member=member):
        notifications_for_target_delete(request)
        request.delete()


def helpdesk_member_erase(member: Any) -> None:
    _own_requests_delete(member)
    HelpMessage.objects.filter(author=member).delete()
    InternalNote.objects.filter(author=member).delete()
    RequestRead.objects.filter(reader=member).update(reader=None)
    HelpRequest.objects.filter(handover_by=member).update(handover_by=None)
    HelpRequest.objects.filter(assigned_to=member).update(assigned_to=None)


def helpdesk_member_anonymise(member: Any, former_member: Any) -> None:
    _own_requests_delete(member)
    HelpMessage.objects.filter(author=member).update(author=former_member)
    InternalNote.objects.filter(author=member).update(author=former_member)
    RequestRead.objects.filter(reader=member).update(reader=None)
    HelpRequest.objects.filter(handover_by=member).update(handover_by=None)
    HelpRequest.objects.filter(assigned_to=member).update(assigned_to=None)
