"""Invitation codes: made by approved members or staff, single-use, expiring."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from community.accounts.services import (
    INVITATION_OPEN_LIMIT,
    invitation_create,
    invitation_redeem,
    invitation_validate,
)
from community.audit.models import AuditLog
from community.models import Invitation, User
from community.moderation.services import sanction_apply, sanction_revoke
from tests.factories import ModeratorFactory, PendingUserFactory, SuperuserFactory, UserFactory
from tests.helpers import unverified

pytestmark = pytest.mark.django_db

INVITATIONS_URL = "/members/invitations/"


def test_an_approved_member_creates_a_code_that_expires():
    member = UserFactory()
    invitation = invitation_create(actor=member)
    assert invitation.created_by == member
    assert len(invitation.code) == 10
    assert not invitation.is_used
    assert not invitation.is_expired
    assert invitation.expires_at - invitation.created_at <= datetime.timedelta(days=14)


def test_pending_members_cannot_invite():
    with pytest.raises(PermissionDenied):
        invitation_create(actor=PendingUserFactory())


def test_an_ordinary_member_holds_a_limited_number_of_open_codes():
    member = UserFactory()
    for _i in range(INVITATION_OPEN_LIMIT):
        invitation_create(actor=member)
    with pytest.raises(ValidationError):
        invitation_create(actor=member)
    moderator = ModeratorFactory()
    for _i in range(INVITATION_OPEN_LIMIT + 1):
        invitation_create(actor=moderator)


def test_a_code_works_once():
    invitation = invitation_create(actor=UserFactory())
    first, second = PendingUserFactory(), PendingUserFactory()
    invitation_redeem(code=invitation.code, member=first)
    with pytest.raises(ValidationError) as error:
        invitation_redeem(code=invitation.code, member=second)
    assert error.value.code == "used"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == User.Status.APPROVED
    assert second.status == User.Status.PENDING


def test_an_expired_code_is_refused():
    invitation = invitation_create(actor=UserFactory(), valid_for=datetime.timedelta(seconds=-1))
    with pytest.raises(ValidationError) as error:
        invitation_redeem(code=invitation.code, member=PendingUserFactory())
    assert error.value.code == "expired"


def test_a_code_from_a_member_who_lost_access_is_refused():
    inviter = UserFactory()
    invitation = invitation_create(actor=inviter)
    inviter.is_active = False
    inviter.save()
    with pytest.raises(ValidationError) as error:
        invitation_validate(code=invitation.code)
    assert error.value.code == "revoked"


def test_codes_are_accepted_in_any_case_and_with_the_dash():
    invitation = invitation_create(actor=UserFactory())
    assert invitation_validate(code=f" {invitation.display_code.lower()} ") == invitation


def test_invitations_page_lists_own_codes_and_makes_new_ones():
    member = UserFactory()
    other_code = invitation_create(actor=UserFactory())
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    response = client.post(f"{INVITATIONS_URL}new/", follow=True)
    html = response.content.decode()
    code = member.invitations.get()
    assert code.display_code in html
    assert "Not used yet" in html
    assert other_code.display_code not in html
    assert "noindex" in html


def test_invitations_page_is_for_approved_members_only():
    pending = PendingUserFactory()
    client = Client()
    client.force_login(pending)
    assert client.get(INVITATIONS_URL).status_code == 302
    assert client.post(f"{INVITATIONS_URL}new/").status_code == 302
    assert not pending.invitations.exists()


def test_invitations_page_shows_who_used_a_code():
    member = UserFactory()
    invitation = invitation_create(actor=member)
    newcomer = PendingUserFactory(username="nieuwelingx")
    invitation_redeem(code=invitation.code, member=newcomer)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    assert "Used by nieuwelingx" in client.get(INVITATIONS_URL).content.decode()


def test_approved_members_find_the_invitations_page_in_the_menu():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory())
    assert (
        'href="/members/invitations/"'
        in client.get("/welcome/pending/", follow=True).content.decode()
    )
    pending = Client()
    pending.force_login(PendingUserFactory())
    assert 'href="/members/invitations/"' not in pending.get("/welcome/pending/").content.decode()


# --- Sanctions and invitations (security review, item 11) --------------------------------


def _sanction(member, kind, days=1):
    return sanction_apply(
        actor=ModeratorFactory(),
        member=member,
        kind=kind,
        reason="Afspraken niet nagekomen",
        duration=datetime.timedelta(days=days) if kind != "ban" else None,
    )


@pytest.mark.parametrize("kind", ["suspension", "ban"])
def test_a_suspension_or_ban_revokes_the_members_open_codes(kind):
    inviter = UserFactory()
    open_code = invitation_create(actor=inviter)
    used_code = invitation_create(actor=inviter)
    invitation_redeem(code=used_code.code, member=PendingUserFactory())

    _sanction(inviter, kind)

    with pytest.raises(ValidationError):
        invitation_redeem(code=open_code.code, member=PendingUserFactory())
    assert Invitation.objects.get(pk=used_code.pk).is_used  # history stays as it was
    entry = AuditLog.objects.get(
        action__in=["community.member.suspended", "community.member.banned"]
    )
    assert entry.data["invitations_revoked"] == 1


def test_revoked_codes_stay_revoked_when_the_suspension_ends():
    inviter = UserFactory()
    code = invitation_create(actor=inviter)
    sanction = _sanction(inviter, "suspension")

    sanction_revoke(actor=ModeratorFactory(), sanction=sanction, reason="Vergissing")

    with pytest.raises(ValidationError):
        invitation_validate(code=code.code)


def test_a_code_whose_maker_is_suspended_now_is_refused():
    """However the code survived (made before this rule, or a sanction written another
    way), the maker's state when it is used decides."""
    inviter = UserFactory()
    code = invitation_create(actor=inviter)
    User.objects.filter(pk=inviter.pk).update(
        suspended_until=timezone.now() + datetime.timedelta(days=1)
    )
    newcomer = PendingUserFactory()

    with pytest.raises(ValidationError) as error:
        invitation_redeem(code=code.code, member=newcomer)

    assert error.value.code == "revoked"
    newcomer.refresh_from_db()
    assert newcomer.status == User.Status.PENDING


def test_a_silence_leaves_existing_codes_working_but_no_new_ones_are_made():
    inviter = UserFactory()
    code = invitation_create(actor=inviter)
    _sanction(inviter, "silence")
    inviter = User.objects.get(pk=inviter.pk)

    with pytest.raises(PermissionDenied):
        invitation_create(actor=inviter)
    assert invitation_validate(code=code.code) == code


def test_the_invitations_page_offers_no_new_code_to_a_silenced_member():
    member = UserFactory()
    _sanction(member, "silence")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)

    page = client.get(INVITATIONS_URL).content.decode()
    response = client.post(f"{INVITATIONS_URL}new/", follow=True)

    assert "data-new-invitation" not in page
    assert "data-silenced" in page
    assert response.status_code == 200
    assert not member.invitations.exists()


@pytest.mark.parametrize("factory", [ModeratorFactory, SuperuserFactory])
def test_without_a_verified_session_staff_have_the_member_cap(factory):
    staff = unverified(factory())
    for _i in range(INVITATION_OPEN_LIMIT):
        invitation_create(actor=staff)

    with pytest.raises(ValidationError):
        invitation_create(actor=staff)


def test_over_http_an_unverified_moderator_cannot_mint_codes_past_the_cap():
    moderator = ModeratorFactory()
    client = Client()
    client.force_login(moderator)

    for _i in range(INVITATION_OPEN_LIMIT + 2):
        client.post(f"{INVITATIONS_URL}new/")

    assert moderator.invitations.count() == INVITATION_OPEN_LIMIT
