"""Writes for two-factor authentication: enrol, verify, backup codes, removal.

Kring uses django-otp's own models: one TOTPDevice ("authenticator") and one
StaticDevice ("backup") per account, the latter holding single-use backup codes.
Wrong codes are limited twice: django-otp's per-device exponential back-off, and a
count per account in the cache (never keyed on an address: DESIGN.md, privacy).

A factor is only ever added with proof (selectors.enrolment_proof_needed): an account
that has a factor shows a code from it; a staff account without any factor shows a
one-time enrolment code from an administrator. The password alone adds a factor only
to a member's account without one, where it unlocks nothing.
"""

import hashlib
import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from community.audit.services import audit_record
from community.twofactor.models import EnrolmentCode
from community.twofactor.selectors import (
    EnrolmentProof,
    enrolment_proof_needed,
    may_issue_enrolment_codes,
)

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6
# Wrong codes allowed per account within the window, on top of django-otp's back-off.
MAX_FAILED_ATTEMPTS = 10
FAILED_ATTEMPTS_WINDOW_SECONDS = 15 * 60
ENROLMENT_CODE_VALID_FOR = timedelta(hours=72)
ENROLMENT_CODE_BYTES = 10  # 80 random bits: 16 base32 characters.


@dataclass(frozen=True)
class VerifyOutcome:
    """The device that accepted the code, or why none did."""

    device: Device | None = None
    locked: bool = False  # Too many wrong codes for the account: minutes to wait.
    throttled: bool = False  # django-otp's back-off on the device: seconds to wait.
    proof_refused: bool = False  # Enrolment: no valid code of an existing factor.

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


def _looks_like_enrolment_code(code: str) -> bool:
    return len(normalise_code(code)) == ENROLMENT_CODE_BYTES * 8 // 5


def _proof_accepted(*, user: Any, proof: str, needed: EnrolmentProof) -> VerifyOutcome:
    """Check the proof an enrolment needs; a backup code or enrolment code is used up.

    Accepted: `device` is the factor whose code was shown, None for an enrolment code
    (or when no proof is needed). An enrolment code also counts for an account with
    factors: that is the recovery after losing both the phone and the backup codes.
    """
    if needed is EnrolmentProof.NONE:
        return VerifyOutcome()
    if _looks_like_enrolment_code(proof):
        if _enrolment_code_redeem(user=user, code=proof):
            return VerifyOutcome()
    elif needed is EnrolmentProof.FACTOR:
        outcome = two_factor_verify(user=user, code=proof)
        if outcome.ok:
            return outcome
        return VerifyOutcome(proof_refused=True, locked=outcome.locked, throttled=outcome.throttled)
    _failed_attempt_record(user=user)
    return VerifyOutcome(proof_refused=True, locked=account_is_locked(user=user))


def totp_device_confirm(*, user: Any, key: str, code: str, proof: str = "") -> VerifyOutcome:
    """Enrol an authenticator app: the member proves they hold `key` with a code.

    `proof` is what selectors.enrolment_proof_needed asks for: a code from a factor
    the account has, or an administrator's enrolment code. On success the account
    has exactly one confirmed TOTP device (a previous one is replaced); after an
    enrolment code, the old backup codes are gone too. The code that confirmed the
    app cannot be used again.
    """
    if account_is_locked(user=user):
        return VerifyOutcome(locked=True)
    code = normalise_code(code)
    # The new app's code first: it has no side effects, the proof may be used up.
    if not _totp_matches(key=key, code=code):
        _failed_attempt_record(user=user)
        return VerifyOutcome()
    with transaction.atomic():
        needed = enrolment_proof_needed(user=user)
        checked = _proof_accepted(user=user, proof=proof, needed=needed)
        if checked.proof_refused:
            return checked
        TOTPDevice.objects.filter(user=user).delete()
        if needed is not EnrolmentProof.NONE and checked.device is None:
            # Recovery with an enrolment code: the lost backup codes stop working.
            StaticDevice.objects.filter(user=user).delete()
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


# --- Enrolment codes ----------------------------------------------------------------------


def _enrolment_code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def _enrolment_code_format(raw: bytes) -> str:
    """16 base32 characters in groups of four: no 0/1/8/9, easy to read aloud."""
    text = b32encode(raw).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def enrolment_code_issue(*, actor: Any, user: Any) -> str:
    """A one-time code with which `user` enrols a new second factor, valid 72 hours.

    `actor` is a verified superuser, or None for the management command (the very
    first administrator). Earlier unused codes of `user` stop working. Returns the
    code in plain text, to hand over once; only its hash is stored.
    """
    if actor is not None and not may_issue_enrolment_codes(actor):
        raise PermissionDenied
    code = _enrolment_code_format(secrets.token_bytes(ENROLMENT_CODE_BYTES))
    now = timezone.now()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        EnrolmentCode.objects.create(
            user=user,
            code_hash=_enrolment_code_hash(code),
            issued_by=actor,
            created_at=now,
            expires_at=now + ENROLMENT_CODE_VALID_FOR,
        )
        audit_record(
            actor=actor,
            action="community.twofactor.enrolment_code_issued",
            target=user,
            data={"valid_hours": int(ENROLMENT_CODE_VALID_FOR.total_seconds() // 3600)},
        )
    return code


def enrolment_code_valid(*, user: Any, code: str) -> bool:
    """Would `code` enrol a factor for `user` now? (Does not use it up.)"""
    if not code:
        return False
    hashed = _enrolment_code_hash(code)
    return EnrolmentCode.objects.usable().filter(user=user, code_hash=hashed).exists()


def _enrolment_code_redeem(*, user: Any, code: str) -> bool:
    """Use up `code` if it is a valid enrolment code of `user`; at most once."""
    if not code:
        return False
    hashed = _enrolment_code_hash(code)
    used = (
        EnrolmentCode.objects.usable()
        .filter(user=user, code_hash=hashed)
        .update(used_at=timezone.now())
    )
    if used:
        audit_record(actor=user, action="community.twofactor.enrolment_code_used", target=user)
    return bool(used)
