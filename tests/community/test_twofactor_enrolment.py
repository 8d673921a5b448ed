"""Adding or replacing a second factor needs a code from a factor the account already
has; a staff account without any factor enrols with an administrator's enrolment code.

The password alone never adds a factor to a staff account, and never adds one to an
account that already has a factor (security review, issue 7, item 1).
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.audit.models import AuditLog
from community.twofactor import services
from community.twofactor.models import EnrolmentCode
from tests.community.twofactor_helpers import (
    login_verified,
    totp_code,
    totp_code_from_secret,
    totp_device_create,
)
from tests.factories import ModeratorFactory, SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("twofactor:setup")
ISSUE = reverse("twofactor:enrolment_code")
no_device_throttle = override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)


def _secret_on(html: str) -> str:
    return re.search(r"<code data-totp-secret>([A-Z2-7 ]+)</code>", html).group(1)


def _new_app_code(client) -> str:
    """Open the setup page and return the code a freshly scanned app would show."""
    return totp_code_from_secret(_secret_on(client.get(SETUP).content.decode()))


def _issued_code(output: str) -> str:
    return re.search(r"\b([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})\b", output).group(1)


# --- The setup page --------------------------------------------------------------------


def test_backup_codes_alone_do_not_let_the_password_enrol_a_new_app(client):
    moderator = ModeratorFactory()
    owners_codes = services.backup_codes_create(user=moderator)
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client)})

    assert response.status_code == 200
    assert response.context["form"].errors["proof"]
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session
    stored = set(StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True))
    assert stored == set(owners_codes)


def test_an_account_with_backup_codes_enrols_an_app_with_one_of_them(client):
    moderator = ModeratorFactory()
    codes = services.backup_codes_create(user=moderator)
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client), "proof": codes[0]})

    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=moderator).confirmed
    assert DEVICE_ID_SESSION_KEY in client.session
    assert not StaticToken.objects.filter(token=codes[0]).exists()


@no_device_throttle
def test_replacing_the_app_needs_a_code_from_the_current_app(client):
    member = UserFactory()
    old = totp_device_create(member)
    client.force_login(member)

    refused = client.post(SETUP, {"code": _new_app_code(client), "proof": "000000"})
    assert refused.context["form"].errors["proof"]
    assert list(TOTPDevice.objects.filter(user=member)) == [old]

    client.post(SETUP, {"code": _new_app_code(client), "proof": totp_code(old)})

    new = TOTPDevice.objects.get(user=member)
    assert new.pk != old.pk


def test_the_setup_page_asks_for_a_code_of_the_existing_factor(client):
    moderator = ModeratorFactory()
    services.backup_codes_create(user=moderator)
    client.force_login(moderator)

    response = client.get(SETUP)

    assert response.status_code == 200
    assert 'name="proof"' in response.content.decode()


def test_a_member_without_any_factor_enrols_with_the_password_alone(client):
    member = UserFactory()
    client.force_login(member)

    page = client.get(SETUP).content.decode()
    client.post(SETUP, {"code": totp_code_from_secret(_secret_on(page))})

    assert 'name="proof"' not in page
    assert TOTPDevice.objects.get(user=member).confirmed


def test_a_staff_account_without_any_factor_cannot_enrol_with_the_password_alone(client):
    moderator = ModeratorFactory()
    client.force_login(moderator)

    page = client.get(SETUP).content.decode()
    response = client.post(SETUP, {"code": totp_code_from_secret(_secret_on(page))})

    assert 'name="proof"' in page
    assert response.context["form"].errors["proof"]
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_staff_account_enrols_with_an_enrolment_code_once(client):
    moderator = ModeratorFactory()
    enrolment_code = services.enrolment_code_issue(actor=None, user=moderator)
    client.force_login(moderator)

    client.post(SETUP, {"code": _new_app_code(client), "proof": enrolment_code})

    assert TOTPDevice.objects.get(user=moderator).confirmed
    assert DEVICE_ID_SESSION_KEY in client.session
    assert EnrolmentCode.objects.get(user=moderator).used_at is not None
    # The same code cannot add another factor later.
    TOTPDevice.objects.filter(user=moderator).delete()
    StaticDevice.objects.filter(user=moderator).delete()
    again = client.post(SETUP, {"code": _new_app_code(client), "proof": enrolment_code})
    assert again.context["form"].errors["proof"]
    assert not TOTPDevice.objects.filter(user=moderator).exists()


def test_a_wrong_new_app_code_does_not_use_up_the_enrolment_code(client):
    moderator = ModeratorFactory()
    enrolment_code = services.enrolment_code_issue(actor=None, user=moderator)
    client.force_login(moderator)
    right = _new_app_code(client)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong, "proof": enrolment_code})

    assert response.context["form"].errors["code"]
    assert EnrolmentCode.objects.get(user=moderator).used_at is None


def test_lost_phone_and_backup_codes_an_enrolment_code_replaces_every_factor(client):
    moderator = ModeratorFactory()
    lost_app = totp_device_create(moderator)
    lost_codes = services.backup_codes_create(user=moderator)
    enrolment_code = services.enrolment_code_issue(actor=None, user=moderator)
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client), "proof": enrolment_code})

    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(pk=lost_app.pk).exists()
    assert TOTPDevice.objects.filter(user=moderator).count() == 1
    assert not StaticToken.objects.filter(token__in=lost_codes).exists()
    assert DEVICE_ID_SESSION_KEY in client.session


# --- Every route that changes a factor asks for a code of an existing one -----------------


def _setup_post(client, proof: str) -> dict:
    return {"code": _new_app_code(client), "proof": proof}


def _code_post(client, proof: str) -> dict:
    return {"code": proof}


FACTOR_CHANGING_ROUTES = [
    pytest.param("twofactor:setup", _setup_post, id="setup"),
    pytest.param("twofactor:backup_codes", _code_post, id="backup-codes"),
    pytest.param("twofactor:remove", _code_post, id="remove"),
]


def _factors(user) -> tuple:
    return (
        sorted(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)),
        sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)),
    )


@no_device_throttle
@pytest.mark.parametrize(("route", "post_data"), FACTOR_CHANGING_ROUTES)
@pytest.mark.parametrize("proof", ["", "000000", "aaaabbbb", "AAAA-BBBB-CCCC-DDDD"])
def test_every_factor_changing_route_refuses_without_a_code_of_an_existing_factor(
    client, route, post_data, proof
):
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    services.backup_codes_create(user=moderator)
    before = _factors(moderator)
    # Even a session verified earlier must type a code again.
    login_verified(client, moderator)

    client.post(reverse(route), post_data(client, proof))

    assert _factors(moderator) == before


@no_device_throttle
@pytest.mark.parametrize(("route", "post_data"), FACTOR_CHANGING_ROUTES)
def test_every_factor_changing_route_accepts_a_backup_code(client, route, post_data):
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    codes = services.backup_codes_create(user=moderator)
    before = _factors(moderator)
    client.force_login(moderator)

    client.post(reverse(route), post_data(client, codes[0]))

    assert _factors(moderator) != before


# --- Enrolment codes ---------------------------------------------------------------------


def test_an_enrolment_code_is_stored_only_as_a_hash():
    moderator = ModeratorFactory()

    code = services.enrolment_code_issue(actor=None, user=moderator)

    stored = EnrolmentCode.objects.get(user=moderator)
    normalised = services.normalise_code(code)
    assert len(normalised) == 16
    assert normalised not in stored.code_hash
    assert code not in stored.code_hash


def test_an_enrolment_code_expires_after_72_hours(client):
    moderator = ModeratorFactory()
    code = services.enrolment_code_issue(actor=None, user=moderator)
    stored = EnrolmentCode.objects.get(user=moderator)
    assert stored.expires_at - stored.created_at == timedelta(hours=72)
    EnrolmentCode.objects.filter(pk=stored.pk).update(expires_at=timezone.now())
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client), "proof": code})

    assert response.context["form"].errors["proof"]
    assert not TOTPDevice.objects.filter(user=moderator).exists()


def test_an_enrolment_code_works_only_for_the_account_it_was_issued_for(client):
    moderator = ModeratorFactory()
    other = ModeratorFactory()
    code_for_other = services.enrolment_code_issue(actor=None, user=other)
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client), "proof": code_for_other})

    assert response.context["form"].errors["proof"]
    assert not TOTPDevice.objects.filter(user=moderator).exists()


def test_a_new_enrolment_code_cancels_the_earlier_one(client):
    moderator = ModeratorFactory()
    first = services.enrolment_code_issue(actor=None, user=moderator)
    services.enrolment_code_issue(actor=None, user=moderator)
    client.force_login(moderator)

    response = client.post(SETUP, {"code": _new_app_code(client), "proof": first})

    assert response.context["form"].errors["proof"]


def test_the_management_command_prints_a_working_code_and_audits_it():
    moderator = ModeratorFactory()
    out = StringIO()

    call_command("twofactor_enrolment_code", moderator.username, stdout=out)

    code = _issued_code(out.getvalue())
    assert services.enrolment_code_valid(user=moderator, code=code)
    entry = AuditLog.objects.get(action="community.twofactor.enrolment_code_issued")
    assert entry.target_object_id == str(moderator.pk)
    assert entry.actor is None
    assert code not in str(entry.data)
    assert services.normalise_code(code) not in str(entry.data)


def test_a_verified_superuser_issues_a_code_on_the_page_and_it_is_audited(client):
    admin = SuperuserFactory()
    moderator = ModeratorFactory()
    login_verified(client, admin)

    page = client.get(ISSUE)
    response = client.post(ISSUE, {"pseudonym": moderator.username})

    assert page.status_code == 200
    assert response.status_code == 200
    code = _issued_code(response.content.decode())
    assert services.enrolment_code_valid(user=moderator, code=code)
    entry = AuditLog.objects.get(action="community.twofactor.enrolment_code_issued")
    assert entry.actor == admin
    assert entry.target_object_id == str(moderator.pk)
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_pseudonym_gets_a_form_error_and_no_code(client):
    login_verified(client, SuperuserFactory())

    response = client.post(ISSUE, {"pseudonym": "niemand-hier"})

    assert response.context["form"].errors["pseudonym"]
    assert not EnrolmentCode.objects.exists()


def test_an_unverified_superuser_is_sent_to_verify_before_issuing(client):
    admin = SuperuserFactory()
    totp_device_create(admin)
    client.force_login(admin)

    response = client.post(ISSUE, {"pseudonym": ModeratorFactory().username})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:verify"))
    assert not EnrolmentCode.objects.exists()


@pytest.mark.parametrize("factory", [ModeratorFactory, UserFactory])
def test_only_superusers_may_issue_enrolment_codes(client, factory):
    login_verified(client, factory())

    response = client.post(ISSUE, {"pseudonym": ModeratorFactory().username})

    assert response.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_the_enrolment_code_field_speaks_dutch_by_default(client):
    client.force_login(ModeratorFactory())

    html = client.get(SETUP).content.decode()

    assert "Activeringscode" in html
    assert "Je wachtwoord alleen is niet genoeg." in html
