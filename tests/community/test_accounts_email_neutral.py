"""Every e-mail Kring or allauth sends is neutral: an inbox shows nothing of Kring.

Subject and sender carry no site name, host or pseudonym; a body carries no
pseudonym, post text, site name, host (outside the links themselves), address or
user agent (security review, issue 7, item 14). The test renders every allauth
account e-mail through Kring's template overrides, in both languages, plus the real
password reset and the notification digest.
"""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone, translation

from community.accounts.adapters import client_fingerprint
from community.notifications.services import (
    notification_create,
    notification_digest_send,
    notification_preference_set,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOST = "kring.example.nl"
PSEUDONYM = "geheimenaam"
ADDRESS = "lid@example.org"
USER_AGENT = "KringTestBrowser/9.9 (distinctive-agent)"
POST_TEXT = "Mijn verhaal over de tippelzone"
ALLAUTH_EMAILS = Path(allauth.__file__).parent / "templates" / "account" / "email"
TEMPLATE_PREFIXES = sorted(
    path.name.removesuffix("_subject.txt") for path in ALLAUTH_EMAILS.glob("*_subject.txt")
)
on_the_public_host = override_settings(ALLOWED_HOSTS=[HOST])


def _outside_links(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


def _assert_neutral(message, *, secrets: tuple[str, ...] = ()) -> None:
    forbidden = (PSEUDONYM, HOST, "kring", "[", *secrets)
    subject = message.subject.lower()
    body = _outside_links(message.body).lower()
    for word in forbidden:
        assert word.lower() not in subject, (message.subject, word)
    for word in forbidden:
        if word != "[":
            assert word.lower() not in body, (message.body, word)
    assert "kring" not in message.from_email.lower()
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject.strip()
    assert message.body.strip()


def test_the_walk_finds_allauths_account_emails():
    assert {"password_reset_key", "account_already_exists", "email_confirmation"} <= set(
        TEMPLATE_PREFIXES
    )
    for prefix in TEMPLATE_PREFIXES:
        assert (ALLAUTH_EMAILS / f"{prefix}_message.txt").exists()


def test_the_default_sender_has_no_site_name():
    assert "kring" not in settings.DEFAULT_FROM_EMAIL.lower()
    assert "<" not in settings.DEFAULT_FROM_EMAIL


@on_the_public_host
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("prefix", TEMPLATE_PREFIXES)
def test_every_allauth_account_email_is_neutral(prefix, language):
    member = UserFactory(username=PSEUDONYM, email=ADDRESS)
    request = RequestFactory().post("/", HTTP_HOST=HOST, HTTP_USER_AGENT=USER_AGENT)
    request.user = member
    link = f"https://{HOST}/accounts/some-link/abc/"
    adapter = get_adapter(request)
    context = {
        "user": member,
        "username": member.username,
        "password_reset_url": link,
        "activate_url": link,
        "signup_url": link,
        "key": "abc",
        "code": "Q4T7XW",
        "email": ADDRESS,
        "from_email": "oud@example.org",
        "to_email": ADDRESS,
        "deleted_email": "oud@example.org",
        "timestamp": timezone.now(),
        # What allauth's notification mails would carry: Kring's adapter gives a
        # keyed hash for the address and nothing for the user agent.
        "ip": adapter.get_client_ip(request),
        "user_agent": adapter.get_http_user_agent(request),
    }
    mail.outbox.clear()

    with translation.override(language), request_context(request):
        adapter.send_mail(f"account/email/{prefix}", ADDRESS, context)

    assert len(mail.outbox) == 1
    _assert_neutral(mail.outbox[0], secrets=(client_fingerprint(request), USER_AGENT))


@on_the_public_host
def test_the_password_reset_mail_is_neutral():
    UserFactory(username=PSEUDONYM, email=ADDRESS)
    mail.outbox.clear()

    Client(HTTP_HOST=HOST).post("/accounts/password/reset/", {"email": ADDRESS})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    _assert_neutral(message)
    assert f"{HOST}/accounts/password/reset/key/" in message.body


def test_the_notification_digest_is_neutral():
    member = UserFactory(username=PSEUDONYM, email=ADDRESS)
    notification_preference_set(member=member, email_digest=True, language="nl")
    notification_create(
        recipient=member, kind="reply", actor=UserFactory(username="luidspreker"), text=POST_TEXT
    )
    mail.outbox.clear()

    notification_digest_send(base_url=f"https://{HOST}")

    assert len(mail.outbox) == 1
    _assert_neutral(mail.outbox[0], secrets=(POST_TEXT, "luidspreker"))


def test_the_wagtail_admin_password_reset_is_off_so_only_allauths_neutral_one_mails():
    """Wagtail's own reset mail names the pseudonym and skips allauth's rate limits."""
    UserFactory(username=PSEUDONYM, email=ADDRESS, is_staff=True)
    mail.outbox.clear()

    page = Client().get("/admin/password_reset/", follow=True)
    Client().post("/admin/password_reset/", {"email": ADDRESS}, follow=True)

    assert page.status_code == 404
    assert mail.outbox == []


@on_the_public_host
def test_the_reset_mail_speaks_dutch_by_default():
    UserFactory(username=PSEUDONYM, email=ADDRESS)
    mail.outbox.clear()

    Client(HTTP_HOST=HOST).post("/accounts/password/reset/", {"email": ADDRESS})

    body = mail.outbox[0].body
    assert body.startswith("Hallo,")
    assert "je wachtwoord blijft hetzelfde" in body
