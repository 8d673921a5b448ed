"""Reads for two-factor authentication."""

from base64 import b32encode
from binascii import unhexlify
from enum import Enum
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.safestring import SafeString, mark_safe
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.policies import requires_two_factor


def is_staff_path(path: str) -> bool:
    """Is `path` a staff page (settings.KRING_STAFF_PATH_PREFIXES, the one list)?"""
    for prefix in settings.KRING_STAFF_PATH_PREFIXES:
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return True
    return False


def has_two_factor(*, user: Any) -> bool:
    """Has the account a confirmed second factor (authenticator or backup codes)?"""
    return bool(getattr(user, "is_authenticated", False)) and user_has_device(user)


def totp_device_for(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def backup_codes_remaining(*, user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def session_is_verified(*, user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def session_verified_device(*, session: Any, user: Any) -> Device | None:
    """The device that verified this session, read from the session itself.

    For code that OTPMiddleware does not reach, such as a WebSocket consumer serving
    staff (call it through database_sync_to_async with scope["session"]).
    """
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id or not getattr(user, "is_authenticated", False):
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


class EnrolmentProof(Enum):
    """What an account must show before it may add or replace a second factor."""

    NONE = "none"  # A member without any factor: nothing to protect yet.
    FACTOR = "factor"  # A code from the app or a backup code the account has.
    ENROLMENT_CODE = "enrolment_code"  # Staff without any factor: from an administrator.


def enrolment_proof_needed(*, user: Any) -> EnrolmentProof:
    """The password alone never adds a factor to a staff account, nor to an account
    that has one: whoever holds only the password must not become verified."""
    if has_two_factor(user=user):
        return EnrolmentProof.FACTOR
    if requires_two_factor(user):
        return EnrolmentProof.ENROLMENT_CODE
    return EnrolmentProof.NONE


def may_issue_enrolment_codes(user: Any) -> bool:
    """Superusers with a verified session issue enrolment codes."""
    return bool(getattr(user, "is_superuser", False)) and session_is_verified(user=user)


def two_factor_required_now(*, user: Any) -> bool:
    """Must this user verify a second factor before a staff page?"""
    return requires_two_factor(user) and not session_is_verified(user=user)


def totp_secret_for_display(*, key: str) -> str:
    """The secret as authenticator apps expect it typed: base32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_config_url(*, user: Any, key: str) -> str:
    """The otpauth:// URL an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_code_svg(*, data: str, title: str = "") -> SafeString:
    """An inline <svg> QR code, drawn here: no third-party service ever sees it.

    Safe to mark: segno writes only path geometry and escapes the title; no
    member-written text reaches the markup.
    """
    qr = segno.make(data, micro=False, error="m")
    svg = qr.svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=title or None,
        svgclass="twofactor-qr",
        lineclass=None,
    )
    return mark_safe(svg)  # noqa: S308


def account_by_pseudonym(*, pseudonym: str) -> Any:
    """The account with this pseudonym (as stored: lower case), or None."""
    user_model = get_user_model()
    return user_model.objects.filter(username__iexact=pseudonym.strip()).first()
