"""Two-factor pages: enrol, verify, new backup codes, remove."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.twofactor import services
from tests.community.twofactor_helpers import (
    totp_code,
    totp_code_from_secret,
    totp_device_create,
)
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("twofactor:setup")
VERIFY = reverse("twofactor:verify")
no_device_throttle = override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)


def _translated(text: str) -> str:
    """The message as the page shows it (in the active language, Dutch by default)."""
    return gettext(text)


def _secret_on(html: str) -> str:
    return re.search(r"<code data-totp-secret>([A-Z2-7 ]+)</code>", html).group(1)


def _codes_on(html: str) -> list[str]:
    block = re.search(r"<ul class=\"twofactor-codes\" data-backup-codes>(.*?)</ul>", html, re.S)
    return re.findall(r"<code>([a-z2-7]+)</code>", block.group(1))


def test_visitors_are_sent_to_the_login_page(client):
    for name in ("overview", "setup", "verify", "backup_codes", "remove"):
        response = client.get(reverse(f"twofactor:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_setup_page_shows_a_local_qr_code_and_the_secret(client):
    client.force_login(UserFactory())

    response = client.get(SETUP)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg width="' in html
    assert 'class="twofactor-qr"' in html
    assert "<img" not in html.split("<main", 1)[1]
    assert len("".join(_secret_on(html).split())) == 32
    assert "noindex" in html


def test_setup_page_keeps_the_same_secret_until_confirmed(client):
    client.force_login(UserFactory())

    first = _secret_on(client.get(SETUP).content.decode())
    second = _secret_on(client.get(SETUP).content.decode())

    assert first == second
    assert not TOTPDevice.objects.exists()


def test_enrolment_confirms_the_device_and_shows_ten_backup_codes_once(client):
    member = UserFactory()
    client.force_login(member)
    secret = _secret_on(client.get(SETUP).content.decode())

    response = client.post(SETUP, {"code": totp_code_from_secret(secret)})

    codes = _codes_on(response.content.decode())
    assert response.status_code == 200
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=member).confirmed
    stored = set(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    assert stored == set(codes)
    # Shown once: the overview only counts them.
    overview = client.get(reverse("twofactor:overview")).content.decode()
    assert codes[0] not in overview


def test_enrolment_verifies_the_session_so_staff_pages_open(client):
    moderator = ModeratorFactory()
    enrolment_code = services.enrolment_code_issue(actor=None, user=moderator)
    client.force_login(moderator)
    secret = _secret_on(client.get(f"{SETUP}?next=/moderation/").content.decode())

    response = client.post(
        SETUP,
        {"code": totp_code_from_secret(secret), "proof": enrolment_code, "next": "/moderation/"},
    )

    assert DEVICE_ID_SESSION_KEY in client.session
    assert 'href="/moderation/"' in response.content.decode()
    after = client.get("/moderation/")
    assert not after.get("Location", "").startswith("/account/2fa/")


def test_enrolment_with_a_wrong_code_shows_an_error_and_creates_no_device(client):
    member = UserFactory()
    client.force_login(member)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert 'class="errorlist' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_setup_with_an_app_already_offers_to_replace_it_after_a_code_from_it(client):
    member = UserFactory()
    totp_device_create(member)
    client.force_login(member)

    response = client.get(SETUP)

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["proof", "code"]
    assert _translated("Replace your authenticator app") in response.content.decode()


def test_verify_with_an_authenticator_code_returns_to_the_page_asked_for(client):
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    client.force_login(moderator)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "/moderation/queue/"})

    assert response.status_code == 302
    assert response["Location"] == "/moderation/queue/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_verify_with_a_backup_code_uses_it_up(client):
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    codes = services.backup_codes_create(user=moderator)
    client.force_login(moderator)

    response = client.post(VERIFY, {"code": codes[3], "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert DEVICE_ID_SESSION_KEY in client.session
    assert not StaticToken.objects.filter(token=codes[3]).exists()


def test_verify_with_a_wrong_code_shows_a_clear_error(client):
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    client.force_login(moderator)

    response = client.post(VERIFY, {"code": "000000", "next": "/moderation/"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        _translated("That code is not right. Check the code and try again.")
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert 'value="/moderation/"' in response.content.decode()


@pytest.mark.services
@no_device_throttle
def test_verify_refuses_after_too_many_wrong_codes_with_a_message(client):
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    client.force_login(moderator)
    for _ in range(services.MAX_FAILED_ATTEMPTS):
        client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": totp_code(device)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        _translated("Too many wrong codes. Wait a few minutes, then try again.")
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_verify_ignores_a_next_url_on_another_site(client):
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    client.force_login(moderator)

    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_verify_without_a_device_sends_to_enrolment(client):
    client.force_login(ModeratorFactory())

    response = client.get(f"{VERIFY}?next=/admin/")

    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"


def test_verify_changes_the_session_key(client):
    moderator = ModeratorFactory()
    device = totp_device_create(moderator)
    client.force_login(moderator)
    before = client.session.session_key

    client.post(VERIFY, {"code": totp_code(device)})

    assert client.session.session_key != before


@no_device_throttle
def test_new_backup_codes_need_a_code_and_replace_the_old_ones(client):
    member = UserFactory()
    device = totp_device_create(member)
    old = services.backup_codes_create(user=member)
    client.force_login(member)
    url = reverse("twofactor:backup_codes")

    refused = client.post(url, {"code": "000000"})
    response = client.post(url, {"code": totp_code(device)})

    assert refused.context["form"].errors["code"]
    new = _codes_on(response.content.decode())
    assert len(new) == 10
    assert not StaticToken.objects.filter(token__in=old).exists()


@no_device_throttle
def test_removing_two_factor_needs_a_code(client):
    member = UserFactory()
    device = totp_device_create(member)
    services.backup_codes_create(user=member)
    client.force_login(member)
    url = reverse("twofactor:remove")

    refused = client.post(url, {"code": "000000"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=member).exists()

    response = client.post(url, {"code": totp_code(device)})

    assert response["Location"] == reverse("twofactor:overview")
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticToken.objects.filter(device__user=member).exists()


def test_overview_tells_staff_that_their_role_needs_it(client):
    client.force_login(ModeratorFactory())

    html = client.get(reverse("twofactor:overview")).content.decode()

    assert f'href="{SETUP}"' in html
    assert "<strong>" in html


def test_pages_speak_dutch_by_default(client):
    moderator = ModeratorFactory()
    totp_device_create(moderator)
    client.force_login(moderator)

    html = client.get(VERIFY).content.decode()
    error = client.post(VERIFY, {"code": "000000"}).content.decode()

    assert "Vul je code in" in html
    assert "Die code klopt niet." in error
