"""Helpers for tests that need a second factor (community/twofactor).

    from tests.community.twofactor_helpers import login_verified, totp_code

    login_verified(client, moderator)      # logged in AND OTP-verified: staff pages open
    device = totp_device_create(user)      # a confirmed authenticator app, no session
    client.post(url, {"code": totp_code(device)})

`verify_session(client, user)` marks an already logged-in test client's session as
verified (creating a confirmed TOTP device when the user has none).
"""

import time
from base64 import b32decode

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.twofactor.services import TOTP_DEVICE_NAME


def totp_device_create(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=confirmed)


def totp_code(device: TOTPDevice) -> str:
    """A code `device` accepts now: the earliest time step it has not used yet.

    A TOTP device refuses a step it already accepted, so two verifications in the
    same 30-second window need the next step (within the device's tolerance); when
    even that is used up, wait for the clock to move on.
    """
    if device.pk:
        device.refresh_from_db()
    while True:
        now_t = (int(time.time()) - device.t0) // device.step + device.drift
        for t in range(now_t - device.tolerance, now_t + device.tolerance + 1):
            if t > device.last_t:
                return f"{hotp(device.bin_key, t, digits=device.digits):0{device.digits}d}"
        time.sleep(1)


def totp_code_from_secret(secret: str) -> str:
    """The current code for a secret as the enrolment page shows it (base32 groups)."""
    compact = "".join(secret.split()).upper()
    key = b32decode(compact + "=" * (-len(compact) % 8))
    t = int(time.time()) // 30
    return f"{hotp(key, t, digits=6):06d}"


def verify_session(client: Client, user) -> TOTPDevice:
    """Mark the (already logged-in) client's session as OTP-verified for `user`."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = totp_device_create(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_verified(client: Client, user) -> TOTPDevice:
    """Log `user` in on the test client with a verified second factor."""
    client.force_login(user)
    return verify_session(client, user)
