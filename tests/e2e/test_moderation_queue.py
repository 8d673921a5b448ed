"""The review queue in a real browser: a moderator with a verified second factor
approves a held post and hides a reported one."""

import pytest
from django.conf import settings
from django.test import Client

from community.audit.models import AuditLog
from community.moderation.models import ReviewItem
from community.moderation.services import content_hold, report_create
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.services]


def _log_in_verified(page, user, base_url: str) -> None:
    client = Client()
    login_verified(client, user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}]
    )


def _post(thread, body: str):
    from forum.models import Post

    author = UserFactory()
    return Post.objects.create(thread=thread, author=author, body=body, body_html=f"<p>{body}</p>")


def test_moderator_approves_a_held_post_and_hides_a_reported_one(page, live_server_url):
    from forum.models import Category, Thread
    from forum.services import thread_refresh

    category = Category.objects.create(name="Verhalen")
    thread = Thread.objects.create(category=category, title="Mijn week", author=UserFactory())
    _post(thread, "Hoe was jullie week?")  # the opening post: members see the thread
    thread_refresh(thread=thread)
    held = _post(thread, "Mijn allereerste bericht hier")
    content_hold(held, reason="Eerste berichten van nieuwe leden")
    reported = _post(thread, "Iemand schrijft iets bedreigends")
    report_create(reporter=UserFactory(), target=reported, reason="threat", note="Eng")
    moderator = ModeratorFactory()
    _log_in_verified(page, moderator, live_server_url)

    page.goto("/moderation/")
    held_item = page.locator(f"[data-review-item='{ReviewItem.objects.get(object_id=held.pk).pk}']")
    held_item.locator("button[value=approve]").click()
    page.wait_for_url("**/moderation/")
    assert page.locator(".message").first.is_visible()

    reported_item = page.locator(
        f"[data-review-item='{ReviewItem.objects.get(object_id=reported.pk).pk}']"
    )
    reported_item.locator("input[name=reason]").fill("Bedreiging van een lid")
    reported_item.locator("button[value=hide]").click()
    page.wait_for_url("**/moderation/")

    held.refresh_from_db()
    reported.refresh_from_db()
    assert held.moderation_state == "visible"
    assert reported.moderation_state == "hidden"
    assert reported.moderation_reason == "Bedreiging van een lid"
    assert page.locator("[data-review-item]").count() == 0
    assert AuditLog.objects.filter(action="forum.post.approved", actor=moderator).exists()
    assert AuditLog.objects.filter(action="forum.post.hidden", actor=moderator).exists()
