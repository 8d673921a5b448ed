"""Sanction and appeal in a real browser: a moderator silences a member for 24 hours,
the member sees the reason and appeals, and a second moderator decides."""

import pytest
from django.conf import settings
from django.test import Client

from community.audit.models import AuditLog
from community.moderation.models import Appeal, Sanction
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.e2e


def _log_in(context, user, base_url: str, *, verified: bool) -> None:
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}])


def test_silence_appeal_and_a_second_moderator_decides(page, browser, live_server_url):
    member = UserFactory()
    deciding, second = ModeratorFactory(), ModeratorFactory()

    _log_in(page.context, deciding, live_server_url, verified=True)
    page.goto(f"/moderation/members/{member.pk}/")
    page.select_option("select[name=kind]", "silence")
    page.select_option("select[name=duration]", "24h")
    page.fill("textarea[name=reason]", "Je deelde het adres van een ander lid.")
    page.fill("textarea[name=staff_note]", "Tweede keer deze maand.")
    page.locator("form[action$='/sanction/'] button[type=submit]").click()
    page.wait_for_url(f"**/moderation/members/{member.pk}/")
    sanction = Sanction.objects.get(member=member)
    assert sanction.kind == "silence"

    member_context = browser.new_context(base_url=live_server_url, locale="nl-NL")
    member_page = member_context.new_page()
    _log_in(member_context, member, live_server_url, verified=False)
    member_page.goto("/moderation/my-sanctions/")
    body = member_page.locator("main").inner_text()
    assert "Je deelde het adres van een ander lid." in body
    assert "Tweede keer" not in body
    member_page.locator(f"a[href$='/my-sanctions/{sanction.pk}/appeal/']").click()
    member_page.fill("textarea[name=text]", "Het was mijn eigen adres.")
    member_page.locator("main form.form button[type=submit]").click()
    member_page.wait_for_url("**/moderation/my-sanctions/")
    appeal = Appeal.objects.get()
    assert appeal.assigned_to == second
    member_context.close()

    page.goto(f"/moderation/appeals/{appeal.pk}/")
    assert page.locator("main form.form").count() == 0  # their own decision

    page.context.clear_cookies()
    _log_in(page.context, second, live_server_url, verified=True)
    page.goto("/moderation/")
    page.locator("a", has_text=member.username).first.click()
    page.select_option("select[name=outcome]", "overturned")
    page.fill("textarea[name=reason]", "Het was inderdaad haar eigen adres.")
    page.locator("main form.form button[type=submit]").click()
    page.wait_for_url("**/moderation/")

    appeal.refresh_from_db()
    sanction.refresh_from_db()
    assert appeal.decided_by == second
    assert sanction.revoked_at is not None
    assert AuditLog.objects.filter(action="community.member.silenced", actor=deciding).exists()
    assert AuditLog.objects.filter(action="community.appeal.overturned", actor=second).exists()
