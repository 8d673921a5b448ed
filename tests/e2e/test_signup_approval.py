"""Sign up in Chromium, wait, get approved by a moderator in the browser, get in."""

from urllib.parse import urlsplit

import pytest

from community.models import User
from tests.community.twofactor_helpers import totp_code, totp_device_create
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]

MAIN = "main#main"
PASSWORD = "lange-wandeling-langs-de-dijk"


def _path(page) -> str:
    return urlsplit(page.url).path


def _log_in(page, username: str, password: str, next_url: str = "") -> None:
    page.goto(f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/")
    page.fill('input[name="login"]', username)
    page.fill('input[name="password"]', password)
    page.locator(f'{MAIN} form[action="/accounts/login/"] button[type="submit"]').click()
    page.wait_for_load_state()


def _log_out(page) -> None:
    page.goto("/accounts/logout/")
    page.locator(f'{MAIN} form[action="/accounts/logout/"] button[type="submit"]').click()
    page.wait_for_load_state()


def test_signup_waits_for_a_moderator_then_the_member_gets_in(page, live_server_url):
    # 1. A newcomer signs up with a pseudonym and lands on the waiting page.
    page.goto("/accounts/signup/")
    assert page.locator(f"{MAIN} #pseudonym-advice-title").is_visible()
    page.fill('input[name="username"]', "zeemeeuw")
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    page.locator(f'{MAIN} form[action="/accounts/signup/"] button[type="submit"]').click()
    page.wait_for_load_state()
    assert _path(page) == "/welcome/pending/"
    member = User.objects.get(username="zeemeeuw")
    assert member.status == User.Status.PENDING

    # Members-only pages send a pending account back to the waiting page.
    page.goto("/forum/")
    assert _path(page) == "/welcome/pending/"
    _log_out(page)
    _log_in(page, "zeemeeuw", PASSWORD)
    assert _path(page) == "/welcome/pending/"

    # 2. A moderator logs in (with a second factor) and approves on the approvals page.
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    staff = page.context.browser.new_context(base_url=live_server_url, locale="nl-NL")
    staff.set_default_timeout(10_000)
    moderator_page = staff.new_page()
    _log_in(moderator_page, moderator.username, DEFAULT_PASSWORD, next_url="/members/approvals/")
    assert _path(moderator_page) == "/account/2fa/verify/"
    moderator_page.fill('input[name="code"]', totp_code(device))
    moderator_page.locator(
        f'{MAIN} form[action="/account/2fa/verify/"] button[type="submit"]'
    ).click()
    moderator_page.wait_for_load_state()
    assert _path(moderator_page) == "/members/approvals/"
    row = moderator_page.locator(f"#pending-{member.pk}")
    row.locator('textarea[name="reason"]').fill("Schuilnaam is veilig")
    row.locator('button[value="approve"]').click()
    moderator_page.wait_for_load_state()
    assert moderator_page.locator(f"#pending-{member.pk}").count() == 0
    staff.close()
    member.refresh_from_db()
    assert member.status == User.Status.APPROVED

    # 3. The member logs in again and reaches the forum.
    _log_out(page)
    _log_in(page, "zeemeeuw", PASSWORD, next_url="/forum/")
    assert _path(page) == "/forum/"
    page.goto("/welcome/pending/")
    assert _path(page) != "/welcome/pending/"
