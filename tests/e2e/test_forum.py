"""The forum in Chromium: starting a thread, replying with a quote, reacting, drafts
that survive a reload, and a blocked member's posts folded away."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from forum.models import Post, PostQuote, Reaction, Thread
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread

pytestmark = pytest.mark.e2e


def _log_in(page, user, base_url: str) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}]
    )


def test_member_starts_a_thread_another_quotes_it_and_reacts(page, live_server_url):
    category = CategoryFactory(name="Werk en veiligheid")
    roos = TrustedMemberFactory(username="roos")
    jade = TrustedMemberFactory(username="jade")

    _log_in(page, roos, live_server_url)
    page.goto(f"/forum/c/{category.pk}/")
    page.click("[data-new-thread]")
    page.fill("input[name=title]", "Hoe check jij een nieuwe klant?")
    page.fill("textarea[name=body]", "Ik twijfel vaker bij **nieuwe** afspraken.")
    page.click("[data-submit]")
    expect(page.locator("[data-thread-title]")).to_have_text("Hoe check jij een nieuwe klant?")
    thread = Thread.objects.get()
    opening = thread.posts.get()

    _log_in(page, jade, live_server_url)
    page.goto(f"/forum/t/{thread.pk}/")
    page.click(f"#p{opening.pk} [data-quote]")
    textarea = page.locator(".forum-reply textarea[name=body]")
    expect(textarea).to_have_value(re.compile(rf"^\[quote #{opening.pk}\]"))
    textarea.press("End")
    textarea.press_sequentially("Ik laat altijd iemand weten waar ik ben.")
    page.click(".forum-reply [data-submit]")

    reply = Post.objects.filter(thread=thread, author=jade).get()
    expect(page.locator(f"#p{reply.pk} blockquote")).to_contain_text("nieuwe")
    expect(page.locator(f"#p{reply.pk} [data-post-body]")).to_contain_text("iemand weten")
    assert PostQuote.objects.filter(post=reply, quoted=opening).exists()

    page.click(f"#p{opening.pk} [data-reaction=hug]")
    expect(page.locator(f"#p{opening.pk} [data-reaction=hug] [data-count]")).to_have_text("1")
    expect(page.locator(f"#p{opening.pk} [data-reaction=hug]")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Reaction.objects.filter(post=opening, member=jade, kind="hug").exists()


def test_a_reply_draft_survives_a_reload(page, live_server_url):
    member = TrustedMemberFactory()
    thread = make_thread(category=CategoryFactory())
    _log_in(page, member, live_server_url)

    page.goto(f"/forum/t/{thread.pk}/")
    page.fill(".forum-reply textarea[name=body]", "Dit wil ik niet kwijtraken")
    expect(page.locator("[data-draft-status]")).not_to_be_empty()
    page.reload()

    expect(page.locator(".forum-reply textarea[name=body]")).to_have_value(
        "Dit wil ik niet kwijtraken"
    )
    page.click(".forum-reply [data-submit]")
    assert thread.posts.filter(body="Dit wil ik niet kwijtraken").exists()
    # Sent: the draft is gone.
    page.goto(f"/forum/t/{thread.pk}/")
    expect(page.locator(".forum-reply textarea[name=body]")).to_have_value("")


def test_a_new_thread_draft_keeps_title_and_text(page, live_server_url):
    member = TrustedMemberFactory()
    category = CategoryFactory()
    _log_in(page, member, live_server_url)

    page.goto(f"/forum/c/{category.pk}/new/")
    page.fill("input[name=title]", "Halve gedachte")
    page.fill("textarea[name=body]", "Morgen verder")
    expect(page.locator("[data-draft-status]")).not_to_be_empty()
    page.reload()

    expect(page.locator("input[name=title]")).to_have_value("Halve gedachte")
    expect(page.locator("textarea[name=body]")).to_have_value("Morgen verder")


def test_blocking_a_member_folds_their_posts_away(page, live_server_url):
    member = TrustedMemberFactory()
    pest = TrustedMemberFactory(username="lastpak")
    thread = make_thread(category=CategoryFactory(), author=member, replies=1, reply_author=pest)
    reply = thread.posts.order_by("id").last()
    _log_in(page, member, live_server_url)

    page.goto(f"/forum/t/{thread.pk}/")
    page.click(f"#p{reply.pk} [data-block]")

    folded = page.locator(f"#p{reply.pk} details[data-blocked-post]")
    expect(folded).to_be_visible()
    expect(page.locator(f"#p{reply.pk} [data-post-body]")).to_be_hidden()
    folded.locator("summary").click()
    expect(page.locator(f"#p{reply.pk} [data-post-body]")).to_be_visible()

    # The blocked member sees the thread as before.
    _log_in(page, pest, live_server_url)
    page.goto(f"/forum/t/{thread.pk}/")
    expect(page.locator("details[data-blocked-post]")).to_have_count(0)


def test_personal_information_warning_then_post_anyway(page, live_server_url):
    member = TrustedMemberFactory()
    thread = make_thread(category=CategoryFactory())
    _log_in(page, member, live_server_url)

    page.goto(f"/forum/t/{thread.pk}/")
    page.fill(".forum-reply textarea[name=body]", "Bel me op 06-12345678")
    page.click(".forum-reply [data-submit]")
    expect(page.locator("[data-pii-warning]")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("Bel me op 06-12345678")
    page.click("[data-post-anyway]")

    post = thread.posts.get(author=member)
    assert post.moderation_state == Post.HELD
    expect(page.locator(f"#p{post.pk} [data-held]")).to_be_visible()
