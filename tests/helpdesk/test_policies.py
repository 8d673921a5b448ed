"""Confidentiality: only the member who opened a request and the support workers of
the organisation it is with now can read it — for every role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.helpdesk import policies, services
from community.helpdesk.models import InternalNote
from community.roles import Role
from tests.factories import (
    EditorFactory,
    ModeratorFactory,
    PendingUserFactory,
    SuperuserFactory,
    SupportWorkerFactory,
    UserFactory,
)
from tests.helpdesk.factories import worker_for
from tests.helpers import unverified

ROLES = {
    "owner": lambda ctx: ctx["member"],
    "other member": lambda ctx: UserFactory(),
    "pending account": lambda ctx: PendingUserFactory(),
    "moderator": lambda ctx: ModeratorFactory(),
    "editor": lambda ctx: EditorFactory(),
    "superuser": lambda ctx: SuperuserFactory(),
    "support worker without organisation": lambda ctx: SupportWorkerFactory(),
    "support worker of another organisation": lambda ctx: worker_for(ctx["ggd"]),
    "support worker of the organisation": lambda ctx: ctx["worker"],
    "support worker of the organisation, unverified": lambda ctx: unverified(
        worker_for(ctx["sociaal_plein"])
    ),
    "moderator who is the organisation's support worker": lambda ctx: _moderator_worker(ctx),
}
READERS = {
    "owner",
    "support worker of the organisation",
    "moderator who is the organisation's support worker",
}
STAFF = READERS - {"owner"}


def _moderator_worker(ctx):
    user = ModeratorFactory(roles=[Role.SUPPORT_WORKER])
    user.helpdesk_memberships.create(organisation=ctx["sociaal_plein"])
    return user


@pytest.fixture
def ctx(member, sociaal_plein, worker, ggd, help_request):
    return {
        "member": member,
        "sociaal_plein": sociaal_plein,
        "worker": worker,
        "ggd": ggd,
        "request": help_request,
    }


@pytest.mark.parametrize("role", list(ROLES))
def test_who_reads_a_request(ctx, role):
    user = ROLES[role](ctx)
    request = ctx["request"]

    assert policies.can_read_request(user, request) is (role in READERS)
    assert policies.can_work_on_request(user, request) is (role in STAFF)
    assert policies.can_answer(user, request) is (role in STAFF)
    assert policies.can_add_note(user, request) is (role in STAFF)
    assert policies.can_reply_as_member(user, request) is (role == "owner")


def test_a_suspended_owner_cannot_use_the_request(ctx):
    member = ctx["member"]
    member.suspended_until = timezone.now() + timedelta(days=1)

    assert not policies.can_read_request(member, ctx["request"])


def test_after_hand_over_the_first_organisation_reads_nothing(ctx):
    ggd_worker = worker_for(ctx["ggd"])
    request = ctx["request"]
    services.note_add(actor=ctx["worker"], request=request, text="Notitie van het Plein")
    services.handover_propose(actor=ctx["worker"], request=request, organisation_id=ctx["ggd"].pk)
    services.handover_answer(actor=ctx["member"], request=request, accept=True)
    request.refresh_from_db()

    assert not policies.can_read_request(ctx["worker"], request)
    assert policies.can_read_request(ggd_worker, request)
    note = InternalNote.objects.get()
    assert not policies.can_read_note(ggd_worker, note)  # notes stay with who wrote them
    assert not policies.can_read_note(ctx["worker"], note)


def test_notes_are_for_the_organisation_only(ctx):
    note = services.note_add(actor=ctx["worker"], request=ctx["request"], text="Intern")

    assert policies.can_read_note(ctx["worker"], note)
    assert not policies.can_read_note(ctx["member"], note)
    assert not policies.can_read_note(ModeratorFactory(), note)


def test_only_the_owner_reports_an_answer_and_never_their_own_message(ctx):
    request = ctx["request"]
    answer = services.request_answer(actor=ctx["worker"], request=request, text="Antwoord")
    own = request.messages.order_by("id").first()

    assert policies.can_report_message(ctx["member"], answer)
    assert not policies.can_report_message(ctx["member"], own)
    assert not policies.can_report_message(ctx["worker"], answer)
    assert not policies.can_report_message(ModeratorFactory(), answer)
    assert not policies.can_report_message(UserFactory(), answer)


def test_only_a_closed_request_may_be_deleted_and_only_by_its_owner(ctx):
    request = ctx["request"]
    assert not policies.can_delete_request(ctx["member"], request)

    services.request_close(actor=ctx["member"], request=request)
    request.refresh_from_db()

    assert policies.can_delete_request(ctx["member"], request)
    assert not policies.can_delete_request(ctx["worker"], request)
    assert not policies.can_delete_request(UserFactory(), request)


def test_response_times_are_for_editors(ctx):
    assert policies.can_view_response_times(EditorFactory())
    assert not policies.can_view_response_times(unverified(EditorFactory()))
    assert not policies.can_view_response_times(ctx["worker"])
    assert not policies.can_view_response_times(ctx["member"])
