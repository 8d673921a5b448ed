"""Moderators approve or reject pending accounts; every decision is recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from community.accounts.decorators import approved_member_required
from community.accounts.selectors import pending_members
from community.accounts.services import member_approve, member_reject
from community.audit.models import AuditLog
from community.models import MembershipDecision, User
from tests.community.twofactor_helpers import login_verified
from tests.factories import (
    ModeratorFactory,
    PendingUserFactory,
    RejectedUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

APPROVALS_URL = "/members/approvals/"


def test_when_a_moderator_approves_then_the_member_is_in_and_the_decision_is_recorded():
    moderator = ModeratorFactory()
    pending = PendingUserFactory()
    decision = member_approve(actor=moderator, member=pending, reason="looks fine")
    pending.refresh_from_db()
    assert pending.status == User.Status.APPROVED
    assert pending.approved_at is not None
    assert pending.groups.filter(name="member").exists()
    assert (decision.actor, decision.decision, decision.reason) == (
        moderator,
        "approved",
        "looks fine",
    )
    entry = AuditLog.objects.get(action="community.member.approved")
    assert entry.actor == moderator
    assert entry.target_object_id == str(pending.pk)


def test_approving_twice_records_one_decision():
    moderator = ModeratorFactory()
    pending = PendingUserFactory()
    first = member_approve(actor=moderator, member=pending)
    second = member_approve(actor=moderator, member=pending)
    assert first == second
    assert MembershipDecision.objects.filter(member=pending).count() == 1


def test_only_moderators_approve_or_reject():
    pending = PendingUserFactory()
    with pytest.raises(PermissionDenied):
        member_approve(actor=UserFactory(), member=pending)
    with pytest.raises(PermissionDenied):
        member_reject(actor=UserFactory(), member=pending, reason="nee")
    pending.refresh_from_db()
    assert pending.status == User.Status.PENDING


def test_a_rejection_needs_a_reason_and_is_recorded():
    moderator = ModeratorFactory()
    pending = PendingUserFactory()
    with pytest.raises(ValidationError):
        member_reject(actor=moderator, member=pending, reason="  ")
    decision = member_reject(actor=moderator, member=pending, reason="advertentienaam")
    pending.refresh_from_db()
    assert pending.status == User.Status.REJECTED
    assert not pending.groups.exists()
    assert (decision.actor, decision.decision, decision.reason) == (
        moderator,
        "rejected",
        "advertentienaam",
    )
    assert AuditLog.objects.filter(action="community.member.rejected").count() == 1


def test_an_approved_member_cannot_be_rejected():
    with pytest.raises(ValidationError):
        member_reject(actor=ModeratorFactory(), member=UserFactory(), reason="x")


def test_pending_members_lists_only_waiting_accounts_oldest_first():
    first = PendingUserFactory()
    second = PendingUserFactory()
    UserFactory()
    RejectedUserFactory()
    PendingUserFactory(is_active=False)
    assert list(pending_members()) == [first, second]


def test_approvals_page_is_for_moderators_only():
    client = Client()
    client.force_login(UserFactory())
    assert client.get(APPROVALS_URL).status_code == 403
    anonymous = Client().get(APPROVALS_URL)
    assert anonymous.status_code == 302


def test_approvals_page_lists_pending_accounts_without_their_email():
    pending = PendingUserFactory(email="geheim-adres@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_verified(client, ModeratorFactory())
    response = client.get(APPROVALS_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert pending.username in html
    assert "geheim-adres" not in html
    assert "noindex" in html


def test_moderator_approves_and_rejects_through_the_page():
    moderator = ModeratorFactory()
    yes, no = PendingUserFactory(), PendingUserFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_verified(client, moderator)
    response = client.post(APPROVALS_URL, {"member": yes.pk, "decision": "approve", "reason": ""})
    assert response.status_code == 302
    response = client.post(APPROVALS_URL, {"member": no.pk, "decision": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    response = client.post(
        APPROVALS_URL, {"member": no.pk, "decision": "reject", "reason": "legal name"}
    )
    assert response.status_code == 302
    yes.refresh_from_db()
    no.refresh_from_db()
    assert (yes.status, no.status) == (User.Status.APPROVED, User.Status.REJECTED)
    page = client.get(APPROVALS_URL).content.decode()
    assert "legal name" in page  # recent decisions, with their reasons


def test_approvals_page_needs_a_verified_second_factor():
    client = Client()
    client.force_login(ModeratorFactory())
    response = client.get(APPROVALS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:setup"))


def test_approvals_page_query_count_does_not_grow_with_pending_accounts(
    django_assert_max_num_queries,
):
    client = Client()
    login_verified(client, ModeratorFactory())
    PendingUserFactory.create_batch(3)
    client.get(APPROVALS_URL)
    PendingUserFactory.create_batch(10)
    with django_assert_max_num_queries(12):
        client.get(APPROVALS_URL)


def test_members_only_pages_send_pending_accounts_to_the_waiting_page(rf):
    @approved_member_required
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("secret")

    request = rf.get("/forum/")
    request.user = PendingUserFactory()
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")
    request.user = UserFactory()
    assert view(request).content == b"secret"


def test_rejected_accounts_see_that_they_were_not_approved():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(RejectedUserFactory())
    html = client.get(reverse("member_pending")).content.decode()
    assert "Your account was not approved" in html
