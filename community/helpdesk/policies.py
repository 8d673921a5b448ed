"""Who may do what in the help desk: one function per rule.

The confidentiality rule is `can_read_request`: only the member who opened a request
and the support workers of the organisation it is with now. Every view, selector and
service asks it (or a rule built on it), so no page shows and no service changes a
request anyone else could not read. Not moderators, not editors, not administrators,
not the organisation that handed it over: a moderator reads one answer only when the
member reports it (`can_report_message`, through the moderation toolkit).

Staff powers come from community.policies.is_support_worker, so they count only in a
session verified with a second factor. Which organisations a support worker works for
is read once per user object (`staff_organisation_ids`) and cached on it, as
community.policies caches the roles; everything else looks only at the objects passed.
"""

from typing import Any

from community.helpdesk.models import HelpMessage, HelpRequest, InternalNote, Status
from community.policies import is_editor, is_support_worker, member_may_enter


def staff_organisation_ids(user: Any) -> frozenset[int]:
    """The organisations `user` answers for now: none unless they are a support
    worker in a verified session."""
    if not is_support_worker(user):
        return frozenset()
    cached = getattr(user, "_kring_helpdesk_organisations", None)
    if cached is None:
        cached = frozenset(user.helpdesk_memberships.values_list("organisation_id", flat=True))
        user._kring_helpdesk_organisations = cached
    return cached


def is_helpdesk_staff(user: Any) -> bool:
    """Has a queue: a verified support worker of at least one organisation."""
    return bool(staff_organisation_ids(user))


def works_for(user: Any, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in staff_organisation_ids(user)


def _is_owner(user: Any, request: HelpRequest) -> bool:
    return getattr(user, "pk", None) is not None and request.member_id == user.pk


# --- Members -----------------------------------------------------------------------------


def can_open_request(user: Any) -> bool:
    """Any member who may enter. Silenced members too: asking for help is not posting
    something other members read."""
    return member_may_enter(user)


def is_request_owner(user: Any, request: HelpRequest) -> bool:
    return member_may_enter(user) and _is_owner(user, request)


def can_reply_as_member(user: Any, request: HelpRequest) -> bool:
    return is_request_owner(user, request) and request.status != Status.CLOSED


def can_answer_handover(user: Any, request: HelpRequest) -> bool:
    """The member agrees to (or refuses) a proposed hand-over."""
    return can_reply_as_member(user, request) and request.handover_to_id is not None


def can_close_as_member(user: Any, request: HelpRequest) -> bool:
    return can_reply_as_member(user, request)


def can_delete_request(user: Any, request: HelpRequest) -> bool:
    """A member deletes a request once it is closed (an open one is still being
    answered: close it first)."""
    return is_request_owner(user, request) and request.status == Status.CLOSED


def can_report_message(user: Any, message: HelpMessage) -> bool:
    """The member may report a support worker's answer in their own request. Nobody
    else reports help-desk messages: a report shows the message to moderators, and
    only the member may decide that."""
    return (
        message.is_answer
        and message.author_id != getattr(user, "pk", None)
        and is_request_owner(user, message.request)
    )


# --- Support workers -----------------------------------------------------------------------


def can_work_on_request(user: Any, request: HelpRequest) -> bool:
    """Support workers of the request's organisation: open, pick up, answer, note,
    hand over, close."""
    return works_for(user, request.organisation_id)


def can_read_request(user: Any, request: HelpRequest) -> bool:
    """THE confidentiality rule: the member who opened it, or staff of its
    organisation."""
    return is_request_owner(user, request) or can_work_on_request(user, request)


def can_answer(user: Any, request: HelpRequest) -> bool:
    return can_work_on_request(user, request) and request.status != Status.CLOSED


def can_pick_up(user: Any, request: HelpRequest) -> bool:
    return can_answer(user, request) and request.assigned_to_id != getattr(user, "pk", None)


def can_hand_over(user: Any, request: HelpRequest) -> bool:
    return can_answer(user, request)


def can_close_as_staff(user: Any, request: HelpRequest) -> bool:
    return can_answer(user, request)


def can_add_note(user: Any, request: HelpRequest) -> bool:
    return can_work_on_request(user, request)


def can_read_note(user: Any, note: InternalNote) -> bool:
    """Only the organisation that wrote it, while the request is with them."""
    return can_work_on_request(user, note.request) and works_for(user, note.organisation_id)


# --- Editors -----------------------------------------------------------------------------------


def can_view_response_times(user: Any) -> bool:
    """Figures only (no request, no member): editors in the Wagtail admin."""
    return is_editor(user)
