"""TOTP enrolment and the second step before staff pages, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.twofactor.services import enrolment_code_issue
from tests.community.twofactor_helpers import totp_code, totp_code_from_secret
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

SETUP = "/account/2fa/setup/"
VERIFY = "/account/2fa/verify/"
MAIN = "main#main"


def _path(page) -> str:
    return urlsplit(page.url).path


def _log_in(page, username: str, next_url: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.fill('input[name="login"]', username)
    page.fill('input[name="password"]', DEFAULT_PASSWORD)
    page.locator(f'{MAIN} form[action="/accounts/login/"] button[type="submit"]').click()
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.goto("/accounts/logout/")
    page.locator(f'{MAIN} form[action="/accounts/logout/"] button[type="submit"]').click()
    page.wait_for_load_state()


def _enrol(page, proof: str = "") -> list[str]:
    """On the setup page: read the secret, type the current code (and the enrolment
    code or a code of an existing factor, when given), return the backup codes."""
    assert page.locator(f"{MAIN} svg.twofactor-qr").is_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    assert re.fullmatch(r"[A-Z2-7 ]+", secret)
    if proof:
        page.fill('input[name="proof"]', proof)
    page.fill('input[name="code"]', totp_code_from_secret(secret))
    page.locator(f'{MAIN} form[action="{SETUP}"] button[type="submit"]').click()
    codes = page.locator("[data-backup-codes] code")
    codes.first.wait_for()
    return codes.all_inner_texts()


def _enter_code(page, code: str) -> None:
    page.fill('input[name="code"]', code)
    page.locator(f'{MAIN} form[action="{VERIFY}"] button[type="submit"]').click()
    page.wait_for_load_state()


def test_member_enrols_totp_and_is_not_asked_for_it_on_member_pages(page):
    member = UserFactory()
    _log_in(page, member.username)

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(SETUP)
    qr = page.locator(f"{MAIN} svg.twofactor-qr").bounding_box()
    assert qr["x"] >= 0
    assert qr["x"] + qr["width"] <= 320  # The whole code is on a small phone's screen.
    codes = _enrol(page)

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=member).confirmed
    _log_out(page)
    _log_in(page, member.username, next_url="/account/2fa/")
    assert _path(page) == "/account/2fa/"
    page.goto("/health/")
    assert _path(page) == "/health/"


def test_moderator_enrols_then_needs_a_code_for_staff_pages(page):
    moderator = ModeratorFactory()
    enrolment_code = enrolment_code_issue(actor=None, user=moderator)

    # First visit to a staff page: enrolment with the code an administrator gave,
    # then straight on to the page asked for.
    _log_in(page, moderator.username, next_url="/moderation/")
    assert _path(page) == SETUP
    assert page.locator('input[name="proof"]').is_visible()
    codes = _enrol(page, proof=enrolment_code)
    assert len(codes) == 10
    page.locator(f'{MAIN} a[href="/moderation/"]').click()
    page.wait_for_load_state()
    assert _path(page) == "/moderation/"

    # A new session: the staff page asks for the authenticator code first.
    _log_out(page)
    _log_in(page, moderator.username, next_url="/moderation/")
    assert _path(page) == VERIFY
    device = TOTPDevice.objects.get(user=moderator)
    _enter_code(page, totp_code(device))
    assert _path(page) == "/moderation/"

    # Another new session, this time with a backup code instead of the app.
    _log_out(page)
    _log_in(page, moderator.username, next_url="/admin/")
    assert _path(page) == VERIFY
    _enter_code(page, codes[0])
    assert not _path(page).startswith("/account/2fa/")

    # The backup code worked once; the next session cannot use it again.
    _log_out(page)
    _log_in(page, moderator.username, next_url="/moderation/")
    _enter_code(page, codes[0])
    assert _path(page) == VERIFY
    assert page.locator(f"{MAIN} .errorlist").is_visible()
