"""Issue 4, "Done means", end to end in Chromium: a new member's first post is held, a
moderator approves it, another member reacts and replies with a quote, a third reports
it for personal information, it is hidden after reports, the moderator purges it and
silences the author for 24 hours, the author sees the reason and appeals, a second
moderator decides, and every moderation step is in the audit log."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from community.audit.models import AuditLog
from community.moderation.models import Appeal, Report, ReviewItem, Sanction
from community.moderation.services import report_create
from forum.models import Post, PostQuote, Reaction
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread

pytestmark = pytest.mark.e2e


def _new_page(browser, live_server_url, user, *, verified: bool = False):
    """A fresh browser context logged in as `user` (OTP-verified for moderators)."""
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server_url, locale="nl-NL")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": live_server_url}]
    )
    return context.new_page()


def _open_item(post) -> ReviewItem:
    return ReviewItem.objects.get(object_id=str(post.pk), status="open")


def test_held_post_to_purge_silence_and_appeal(browser, live_server_url, transactional_db):
    category = CategoryFactory(name="Verhalen")
    thread = make_thread(category=category, title="Hoe was jouw week?")
    author = UserFactory(username="nieuweling")  # trust "new": first posts are held
    reactor = TrustedMemberFactory(username="jade")
    reporter = TrustedMemberFactory(username="roos")
    other_reporter = TrustedMemberFactory(username="iris")
    moderator = ModeratorFactory(username="mod_anna")
    second_moderator = ModeratorFactory(username="mod_bram")
    pages = []

    try:
        # 1. The new member's first post is held; only they see it, marked as held.
        author_page = _new_page(browser, live_server_url, author)
        pages.append(author_page)
        author_page.goto(f"/forum/t/{thread.pk}/")
        author_page.fill(
            ".forum-reply textarea[name=body]", "Mijn eerste verhaal: het was een zware week."
        )
        author_page.click(".forum-reply [data-submit]")
        post = Post.objects.get(thread=thread, author=author)
        assert post.moderation_state == Post.HELD
        expect(author_page.locator(f"#p{post.pk} [data-held]")).to_be_visible()

        # 2. A moderator approves it in the review queue.
        mod_page = _new_page(browser, live_server_url, moderator, verified=True)
        pages.append(mod_page)
        mod_page.goto("/moderation/")
        held_item = mod_page.locator(f"[data-review-item='{_open_item(post).pk}']")
        held_item.locator("button[value=approve]").click()
        mod_page.wait_for_url("**/moderation/")
        post.refresh_from_db()
        assert post.moderation_state == Post.VISIBLE

        # 3. Another member reacts and replies with a quote.
        reactor_page = _new_page(browser, live_server_url, reactor)
        pages.append(reactor_page)
        reactor_page.goto(f"/forum/t/{thread.pk}/")
        reactor_page.click(f"#p{post.pk} [data-reaction=hug]")
        expect(reactor_page.locator(f"#p{post.pk} [data-reaction=hug] [data-count]")).to_have_text(
            "1"
        )
        reactor_page.click(f"#p{post.pk} [data-quote]")
        textarea = reactor_page.locator(".forum-reply textarea[name=body]")
        # A quote is a reference; the page shows the quoted post's current text.
        expect(textarea).to_have_value(re.compile(rf"^\[quote #{post.pk}\]"))
        textarea.press("End")
        textarea.press_sequentially("Sterkte, je bent niet alleen.")
        reactor_page.click(".forum-reply [data-submit]")
        reply = Post.objects.get(thread=thread, author=reactor)
        expect(reactor_page.locator(f"#p{reply.pk} blockquote")).to_contain_text("zware week")
        assert Reaction.objects.filter(post=post, member=reactor, kind="hug").exists()
        assert PostQuote.objects.filter(post=reply, quoted=post).exists()

        # 4. Two members report it (setup through the service); the third report comes
        # through the real report form and (default: 3 reports) hides the post.
        report_create(reporter=reactor, target=post, reason="personal_information")
        report_create(reporter=other_reporter, target=post, reason="personal_information")
        post.refresh_from_db()
        assert post.moderation_state == Post.VISIBLE

        reporter_page = _new_page(browser, live_server_url, reporter)
        pages.append(reporter_page)
        reporter_page.goto(f"/forum/t/{thread.pk}/")
        reporter_page.click(f"#p{post.pk} [data-report]")
        reporter_page.check("input[name=reason][value=personal_information]")
        reporter_page.fill("textarea[name=note]", "Hierin staat haar woonplaats en straat.")
        reporter_page.locator("main form.form button[type=submit]").click()
        reporter_page.wait_for_url("**/forum/**")
        assert Report.objects.filter(reporter=reporter, reason="personal_information").exists()

        # 5. Hidden after reports, until a moderator decides.
        post.refresh_from_db()
        assert post.moderation_state == Post.HIDDEN
        review = _open_item(post)
        assert review.reports.values("reporter").distinct().count() == 3

        # 6. The moderator purges it from the review item's page...
        mod_page.goto("/moderation/")
        mod_page.locator(f"[data-review-item='{review.pk}'] a[href$='/item/{review.pk}/']").click()
        mod_page.wait_for_url(f"**/moderation/item/{review.pk}/")
        purge = mod_page.locator(f"form[action$='/item/{review.pk}/purge/']")
        purge.locator("input[name=reason]").fill("Persoonlijke gegevens van een lid (outing).")
        purge.locator("button[type=submit]").click()
        mod_page.wait_for_url("**/moderation/")
        assert not Post.objects.filter(pk=post.pk).exists()
        assert not PostQuote.objects.filter(quoted_id=post.pk).exists()
        assert not Report.objects.filter(review__object_id=str(post.pk)).exists()
        assert Post.objects.filter(pk=reply.pk).exists()
        reactor_page.goto(f"/forum/t/{thread.pk}/")
        expect(reactor_page.locator(f"#p{reply.pk} blockquote")).not_to_contain_text("zware week")

        # ...and silences the author for 24 hours.
        mod_page.goto(f"/moderation/members/{author.pk}/")
        mod_page.select_option("select[name=kind]", "silence")
        mod_page.select_option("select[name=duration]", "24h")
        mod_page.fill("textarea[name=reason]", "Je deelde het adres van een ander lid.")
        mod_page.fill("textarea[name=staff_note]", "Bericht gewist na drie meldingen.")
        mod_page.locator("form[action$='/sanction/'] button[type=submit]").click()
        mod_page.wait_for_url(f"**/moderation/members/{author.pk}/")
        sanction = Sanction.objects.get(member=author)
        assert sanction.kind == "silence"
        assert sanction.created_by == moderator
        assert sanction.ends_at - sanction.starts_at == timedelta(hours=24)

        # 7. The author sees the reason (not the staff note) and appeals.
        author_page.goto("/moderation/my-sanctions/")
        body = author_page.locator("main").inner_text()
        assert "Je deelde het adres van een ander lid." in body
        assert "drie meldingen" not in body
        author_page.locator(f"a[href$='/my-sanctions/{sanction.pk}/appeal/']").click()
        author_page.fill(
            "textarea[name=text]", "Het was mijn eigen straat, niet die van een ander."
        )
        author_page.locator("main form.form button[type=submit]").click()
        author_page.wait_for_url("**/moderation/my-sanctions/")
        appeal = Appeal.objects.get(sanction=sanction)
        assert appeal.assigned_to == second_moderator

        # The deciding moderator cannot decide the appeal on their own decision.
        mod_page.goto(f"/moderation/appeals/{appeal.pk}/")
        assert mod_page.locator("main form.form").count() == 0

        # 8. A second moderator decides.
        second_page = _new_page(browser, live_server_url, second_moderator, verified=True)
        pages.append(second_page)
        second_page.goto(f"/moderation/appeals/{appeal.pk}/")
        second_page.select_option("select[name=outcome]", "upheld")
        second_page.fill("textarea[name=reason]", "Het adres was van een ander lid.")
        second_page.locator("main form.form button[type=submit]").click()
        second_page.wait_for_url("**/moderation/")
        appeal.refresh_from_db()
        sanction.refresh_from_db()
        assert appeal.decided_by == second_moderator
        assert appeal.outcome == "upheld"
        assert sanction.revoked_at is None
    finally:
        for opened in pages:
            opened.context.close()

    # 9. Every moderation step is in the audit log, with the right actor.
    post_entries = AuditLog.objects.filter(target_object_id=str(post.pk))

    def logged(action, actor, **filters):
        return post_entries.filter(action=action, actor=actor, **filters).exists()

    assert logged("forum.post.held", None)
    assert logged("forum.post.approved", moderator)
    for member in (reactor, other_reporter, reporter):
        assert logged("moderation.report.created", member)
    assert logged("forum.post.hidden", None)
    assert logged("forum.post.purged", moderator)
    author_entries = AuditLog.objects.filter(target_object_id=str(author.pk))
    assert author_entries.filter(action="community.member.silenced", actor=moderator).exists()
    assert AuditLog.objects.filter(action="community.sanction.appealed", actor=author).exists()
    assert AuditLog.objects.filter(
        action="community.appeal.upheld", actor=second_moderator
    ).exists()
    ordered = list(
        AuditLog.objects.filter(
            action__in=[
                "forum.post.held",
                "forum.post.approved",
                "forum.post.hidden",
                "forum.post.purged",
                "community.member.silenced",
                "community.sanction.appealed",
                "community.appeal.upheld",
            ]
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert ordered == [
        "forum.post.held",
        "forum.post.approved",
        "forum.post.hidden",
        "forum.post.purged",
        "community.member.silenced",
        "community.sanction.appealed",
        "community.appeal.upheld",
    ]
