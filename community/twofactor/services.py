"""Writes for two-factor authentication: enrol, verify, backup codes, removal.

Kring uses django-otp's own models: one TOTPDevice ("authenticator") and one
StaticDevice ("backup") per account, the latter holding single-use backup codes.
Wrong codes are limited twice: django-otp's per-device exponential back-off, and a
count per account in the cache (never keyed on an address: DESIGN.md, privacy).
"""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6
# Wrong codes allowed per account within the window, on top of django-otp's back-off.
MAX_FAILED_ATTEMPTS = 10
FAILED_ATTEMPTS_WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class VerifyOutcome:
    """The device that accepted the code, or why none did."""

    device: Device | None = None
    locked: bool = False  # Too many wrong codes for the account: minutes to wait.
    throttled: bool = False  # django-otp's back-off on the device: seconds to wait.

    @property
    def ok(self) -> bool:
        return self.device is not None


def _failures_key(user: Any) -> str:
    return f"twofactor:failures:{user.pk}"


def failed_attempts_count(*, user: Any) -> int:
    return int(cache.get(_failures_key(user), 0))


def _failed_attempt_record(*, user: Any) -> None:
    key = _failures_key(user)
    # The window starts at the first failure and is not extended by later ones.
    if not cache.add(key, 1, timeout=FAILED_ATTEMPTS_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # Expired between add and incr.
            cache.add(key, 1, timeout=FAILED_ATTEMPTS_WINDOW_SECONDS)


def account_is_locked(*, user: Any) -> bool:
    return failed_attempts_count(user=user) >= MAX_FAILED_ATTEMPTS


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes, in any case."""
    return "".join(code.split()).replace("-", "").lower()


def totp_key_new() -> str:
    """A fresh hex-encoded 20-byte secret for an authenticator app."""
    return random_hex(20)


def _totp_matches(*, key: str, code: str) -> bool:
    if not (code.isdigit() and len(code) == TOTP_DIGITS):
        return False
    device = TOTPDevice(key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    return totp.verify(int(code), tolerance=device.tolerance)


def totp_device_confirm(*, user: Any, key: str, code: str) -> VerifyOutcome:
    """Enrol an authenticator app: the member proves they hold `key` with a code.

    On success the account has exactly one confirmed TOTP device (a previous one is
    replaced). The code that confirmed it cannot be used again.
    """
    if account_is_locked(user=user):
        return VerifyOutcome(locked=True)
    code = normalise_code(code)
    if not _totp_matches(key=key, code=code):
        _failed_attempt_record(user=user)
        return VerifyOutcome()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
        # Remember the step just used, so the same code cannot verify a session.
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
        totp.verify(int(code), tolerance=device.tolerance)
        device.last_t = totp.t()
        device.drift = totp.drift
        device.save()
    return VerifyOutcome(device=device)


def backup_codes_create(*, user: Any, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """Give `user` `count` new single-use backup codes; earlier codes stop working.

    Returns the codes in plain text: show them once, never store them elsewhere.
    Also used by `seed_demo` to print a second factor for demo staff accounts.
    """
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
        codes: list[str] = []
        while len(codes) < count:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


def two_factor_verify(*, user: Any, code: str) -> VerifyOutcome:
    """Check an authenticator code or a backup code against the account's devices.

    A backup code is used up by a successful check. Throttled devices and an
    account with too many recent wrong codes refuse every code, even a right one.
    """
    if account_is_locked(user=user):
        return VerifyOutcome(locked=True)
    code = normalise_code(code)
    if not code:
        return VerifyOutcome()
    wanted = TOTPDevice if (code.isdigit() and len(code) == TOTP_DIGITS) else StaticDevice
    devices = [d for d in devices_for_user(user, confirmed=True) if isinstance(d, wanted)]
    throttled = False
    for device in devices:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return VerifyOutcome(device=verified)
    _failed_attempt_record(user=user)
    return VerifyOutcome(locked=account_is_locked(user=user), throttled=throttled)


def two_factor_remove(*, user: Any) -> None:
    """Remove the authenticator app and the backup codes of `user`."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
