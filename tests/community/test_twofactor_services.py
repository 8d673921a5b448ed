"""Two-factor services: enrolment, backup codes, verification limits, removal."""

import pytest
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.twofactor import selectors, services
from tests.community.twofactor_helpers import totp_code, totp_device_create
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

# Without django-otp's back-off, to test the account-wide limit on its own.
no_device_throttle = override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)


def _code_for_key(key: str) -> str:
    return totp_code(TOTPDevice(key=key))


def test_enrolment_with_the_right_code_confirms_one_device():
    member = UserFactory()
    key = services.totp_key_new()

    outcome = services.totp_device_confirm(user=member, key=key, code=_code_for_key(key))

    assert outcome.ok
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed
    assert device.key == key
    assert selectors.has_two_factor(user=member)


def test_enrolment_with_a_wrong_code_creates_nothing():
    member = UserFactory()
    key = services.totp_key_new()
    right = _code_for_key(key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    outcome = services.totp_device_confirm(user=member, key=key, code=wrong)

    assert not outcome.ok
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_the_code_that_confirmed_enrolment_cannot_verify_a_session():
    member = UserFactory()
    key = services.totp_key_new()
    code = _code_for_key(key)
    services.totp_device_confirm(user=member, key=key, code=code)

    assert not services.two_factor_verify(user=member, code=code).ok


def test_enrolling_again_replaces_the_earlier_device():
    member = UserFactory()
    first = totp_device_create(member)
    key = services.totp_key_new()

    services.totp_device_confirm(
        user=member, key=key, code=_code_for_key(key), proof=totp_code(first)
    )

    assert list(TOTPDevice.objects.filter(user=member).values_list("key", flat=True)) == [key]
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()


def test_backup_codes_are_ten_distinct_codes_by_default():
    member = UserFactory()

    codes = services.backup_codes_create(user=member)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert selectors.backup_codes_remaining(user=member) == 10


def test_a_backup_code_works_once():
    member = UserFactory()
    codes = services.backup_codes_create(user=member, count=3)

    first = services.two_factor_verify(user=member, code=codes[0])
    again = services.two_factor_verify(user=member, code=codes[0])

    assert first.ok
    assert isinstance(first.device, StaticDevice)
    assert not again.ok
    assert selectors.backup_codes_remaining(user=member) == 2


def test_backup_codes_are_accepted_as_people_type_them():
    member = UserFactory()
    code = services.backup_codes_create(user=member, count=1)[0]

    typed = f" {code[:4].upper()}-{code[4:].upper()} "

    assert services.two_factor_verify(user=member, code=typed).ok


@no_device_throttle
def test_new_backup_codes_invalidate_the_old_ones():
    member = UserFactory()
    old = services.backup_codes_create(user=member)

    new = services.backup_codes_create(user=member)

    assert not set(old) & set(new)
    assert StaticDevice.objects.filter(user=member).count() == 1
    assert not services.two_factor_verify(user=member, code=old[0]).ok
    assert services.two_factor_verify(user=member, code=new[0]).ok


def test_a_totp_code_verifies():
    member = UserFactory()
    device = totp_device_create(member)

    outcome = services.two_factor_verify(user=member, code=totp_code(device))

    assert outcome.ok
    assert outcome.device == device


def test_a_code_of_another_account_does_not_verify():
    member, other = UserFactory(), UserFactory()
    totp_device_create(member)
    other_device = totp_device_create(other)
    other_codes = services.backup_codes_create(user=other)

    assert not services.two_factor_verify(user=member, code=totp_code(other_device)).ok
    assert not services.two_factor_verify(user=member, code=other_codes[0]).ok


def test_an_unconfirmed_device_does_not_verify():
    member = UserFactory()
    device = totp_device_create(member, confirmed=False)

    assert not services.two_factor_verify(user=member, code=totp_code(device)).ok


def test_right_code_right_after_a_wrong_one_is_refused_by_the_device_back_off():
    member = UserFactory()
    device = totp_device_create(member)
    services.two_factor_verify(user=member, code="000000")

    outcome = services.two_factor_verify(user=member, code=totp_code(device))

    assert not outcome.ok
    assert outcome.throttled
    assert not outcome.locked


@pytest.mark.services
@no_device_throttle
def test_after_too_many_wrong_codes_even_the_right_code_is_refused():
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        assert not services.two_factor_verify(user=moderator, code="000000").ok

    outcome = services.two_factor_verify(user=moderator, code=totp_code(device))

    assert not outcome.ok
    assert outcome.locked


@pytest.mark.services
@no_device_throttle
def test_the_account_limit_counts_per_account_not_per_client():
    moderator, other = ModeratorFactory(), ModeratorFactory()
    totp_device_create(moderator)
    other_device = totp_device_create(other)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        services.two_factor_verify(user=moderator, code="000000")

    assert services.two_factor_verify(user=other, code=totp_code(other_device)).ok


@pytest.mark.services
@no_device_throttle
def test_the_account_limit_ends_when_its_window_passes():
    from django.core.cache import cache

    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        services.two_factor_verify(user=moderator, code="000000")
    # The window is a cache expiry; passing it is the key disappearing.
    cache.delete(services._failures_key(moderator))

    assert services.two_factor_verify(user=moderator, code=totp_code(device)).ok


@pytest.mark.services
@no_device_throttle
def test_wrong_enrolment_codes_count_towards_the_limit():
    member = UserFactory()
    key = services.totp_key_new()
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        services.totp_device_confirm(user=member, key=key, code="000000")

    outcome = services.totp_device_confirm(user=member, key=key, code=_code_for_key(key))

    assert outcome.locked
    assert not outcome.ok


def test_the_failure_count_is_kept_under_the_account_id_only():
    member = UserFactory()
    totp_device_create(member)

    services.two_factor_verify(user=member, code="000000")

    assert services._failures_key(member) == f"twofactor:failures:{member.pk}"
    assert services.failed_attempts_count(user=member) == 1


def test_removal_deletes_authenticator_and_backup_codes():
    member = UserFactory()
    totp_device_create(member)
    services.backup_codes_create(user=member)

    services.two_factor_remove(user=member)

    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()
    assert not selectors.has_two_factor(user=member)


def test_qr_code_is_an_inline_svg_with_no_outside_reference():
    svg = str(selectors.qr_code_svg(data="otpauth://totp/Kring:x?secret=ABC", title="QR"))

    assert svg.startswith("<svg")
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "<image" not in svg
    assert "style=" not in svg


def test_session_verified_device_reads_the_session_of_its_own_user_only():
    from django_otp import DEVICE_ID_SESSION_KEY

    member, other = UserFactory(), UserFactory()
    device = totp_device_create(member)
    session = {DEVICE_ID_SESSION_KEY: device.persistent_id}

    assert selectors.session_verified_device(session=session, user=member) == device
    assert selectors.session_verified_device(session=session, user=other) is None
    assert selectors.session_verified_device(session={}, user=member) is None
    device.confirmed = False
    device.save()
    assert selectors.session_verified_device(session=session, user=member) is None


@pytest.mark.parametrize(
    ("path", "staff"),
    [
        ("/admin/", True),
        ("/admin", True),
        ("/admin/pages/3/edit/", True),
        ("/django-admin/community/user/", True),
        ("/moderation/queue/", True),
        ("/members/approvals/", True),
        ("/administration/", False),
        ("/members/", False),
        ("/forum/admin/", False),
        ("/nl/admin/", False),
    ],
)
def test_staff_paths_are_the_ones_under_the_configured_prefixes(path, staff):
    assert selectors.is_staff_path(path) is staff
