"""Proof in Chromium that no vector of the XSS corpus executes on the real forum pages.

Every vector of tests/community/xss_vectors.py is created through the forum's services
and shown to a member on the real pages, many vectors per page load:

* as a post body (threads of 50 posts per page),
* as a quote (replies quoting the vector posts, five a reply: the thread page fills
  each quote with the quoted post's current text; and the page's own Quote button on
  every post),
* as a thread title (every title in the category's lists, 30 a page, and in search
  results; the first thread of each list page shows its title as the page heading),
* as a reaction target (every vector post carries reactions; a reaction is given
  through the real button on each page),
* and, because moderators read members' raw text, in the review queue: every vector
  post reported with the vector as the reporter's note, all on the one queue page; a
  note shows only on an item's detail page, so one post per thread is reported by one
  member per vector of its thread, and its detail page shows all their notes.

A trap is installed before any page script runs: window.alert/confirm/prompt/print/
open, fetch, XMLHttpRequest.open and navigator.sendBeacon record their calls; dialogs
and requests to any other origin are recorded too. The pages are opened with the
Content-Security-Policy bypassed, so that the sanitiser alone is what stops the
vectors (in production the CSP is a second wall). After each page loads, every element
of the members' text gets mouse, focus and click events, and the live DOM is audited
for on* attributes, scripts, frames and javascript:/data:/vbscript: URLs.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from community.moderation.models import ReviewItem
from community.moderation.services import content_approve, report_create
from forum import services
from forum.models import Post
from forum.quotes import quote_token
from tests.community.twofactor_helpers import login_verified
from tests.community.xss_vectors import VECTORS
from tests.e2e.privacy_helpers import log_in_by_cookie
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory

pytestmark = pytest.mark.e2e

POSTS_PER_PAGE = 50
THREADS_PER_PAGE = 30
TITLE_MAX_LENGTH = 150

TRAP = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__xss", { value: hits, configurable: false });
  const note = (name) => function (...args) {
    hits.push(name + ": " + args.map((a) => String(a)).join(", ").slice(0, 200));
  };
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = note(name);
  }
  const realFetch = window.fetch;
  window.fetch = function (...args) { note("fetch")(...args); return realFetch.apply(this, args); };
  const realOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    note("xhr")(...args);
    return realOpen.apply(this, args);
  };
  navigator.sendBeacon = note("sendBeacon");
  // window.eval is left alone: Playwright itself evaluates through it.
  // Links in members' text must never navigate during the test.
  document.addEventListener("click", (event) => {
    const inText = "[data-post-body], [data-thread-title], .forum-list,"
      + " .review-item__preview, .review-item__note";
    if (event.target.closest && event.target.closest(inText)) {
      event.preventDefault();
    }
  }, true);
})();
"""

# Runs in the page after load: poke members' text, then audit the live DOM.
AUDIT = """
() => {
  const problems = [];
  const userText = document.querySelectorAll(
    "[data-post-body] *, [data-post-body], [data-thread-title], .forum-list__title, textarea,"
    + " .review-item__preview, .review-item__preview *, .review-item__note, .review-item__note *"
  );
  for (const el of userText) {
    const events = ["mouseover", "mouseenter", "pointerenter", "focus", "click", "animationstart"];
    for (const type of events) {
      try { el.dispatchEvent(new Event(type, { bubbles: true })); } catch (e) {}
    }
  }
  const badUrl = /^(javascript|vbscript|data|livescript|jar|feed):/;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push("handler " + el.tagName + " " + name);
      const urlAttributes = [
        "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background",
      ];
      if (urlAttributes.includes(name)) {
        const value = attr.value.replace(/[\\t\\n\\r\\x00-\\x20]/g, "").toLowerCase();
        if (badUrl.test(value)) problems.push("url " + el.tagName + " " + name + "=" + attr.value);
      }
      if (name === "style" && el.closest("[data-post-body]")) problems.push("style in a post");
    }
  }
  for (const script of document.scripts) {
    if (!script.src || new URL(script.src).origin !== location.origin) {
      problems.push("script " + script.outerHTML.slice(0, 120));
    }
  }
  const foreignElements =
    "iframe, frame, object, embed, base, meta[http-equiv], svg, math, style, link[rel=import]";
  for (const el of document.querySelectorAll(foreignElements)) {
    problems.push("element " + el.outerHTML.slice(0, 120));
  }
  for (const img of document.images) {
    if (img.getAttribute("src") && new URL(img.src).origin !== location.origin) {
      problems.push("remote image " + img.src);
    }
  }
  return problems;
}
"""


def _postable(vector: str) -> str:
    # Web forms refuse NUL characters (Django's ProhibitNullCharactersValidator) and
    # PostgreSQL cannot store them; the unit tests cover the vectors with NUL as is.
    return vector.replace("\x00", "")


@pytest.fixture
def trapped(browser, live_server_url, transactional_db):
    """A browser page with the trap installed and CSP bypassed; collects everything."""
    context = browser.new_context(base_url=live_server_url, locale="nl-NL", bypass_csp=True)
    context.set_default_timeout(15_000)
    context.add_init_script(TRAP)
    foreign: list[str] = []

    def refuse(route):
        foreign.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(live_server_url), refuse)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    report = {"foreign": foreign, "dialogs": dialogs, "pages": 0}
    yield page, report
    context.close()


def _audit(page, where: str, failures: list[str]) -> None:
    problems = page.evaluate(AUDIT)
    # Let timers (setTimeout payloads, autofocus, animations) have their turn.
    page.wait_for_timeout(50)
    hits = page.evaluate("window.__xss.splice(0)")
    failures.extend(f"{where}: {item}" for item in problems + hits)


def _check(page, url: str, failures: list[str], report: dict) -> None:
    page.goto(url)
    report["pages"] += 1
    _audit(page, url, failures)


def _approve_held(moderator) -> None:
    """Posts held by the personal-information guard (a vector with an e-mail address,
    say) are approved by a moderator, so that the reader sees every one."""
    for post in Post.objects.filter(moderation_state=Post.HELD):
        content_approve(post, actor=moderator)


QUOTES_PER_POST = 5


def _vectors() -> list[str]:
    return list(dict.fromkeys(_postable(v) for v in VECTORS))


def _visible(text: str) -> str:
    """Text as a page shows it, give or take whitespace (line breaks become <br>)."""
    return "".join(text.split())


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _seed_posts() -> dict:
    """Vector posts, posts quoting them and reactions on them, through the services."""
    author, quoter, reader = TrustedMemberFactory(), TrustedMemberFactory(), TrustedMemberFactory()
    moderator = ModeratorFactory()
    category = CategoryFactory(name="Vectoren")
    vectors = _vectors()
    refused: list[tuple[str, str]] = []

    def create(thread, body: str) -> Post | None:
        try:
            return services.post_create(actor=author, thread=thread, body=body, post_anyway=True)
        except ValidationError as error:
            refused.append((body, str(error)))
            return None

    body_posts: list[Post] = []
    body_threads = []
    for number, chunk in enumerate(_chunks(vectors, POSTS_PER_PAGE - 1)):
        thread = services.thread_create(
            actor=author, category=category, title=f"Berichten {number}", body="Begin"
        )
        body_threads.append(thread)
        body_posts.extend(post for vector in chunk if (post := create(thread, vector)))

    _approve_held(moderator)  # before quoting: held posts cannot be quoted
    # Replies quoting the vector posts, several quotes per reply as members do.
    quote_thread = services.thread_create(
        actor=quoter, category=category, title="Citaten", body="Begin"
    )
    for chunk in _chunks(body_posts, QUOTES_PER_POST):
        body = "".join(quote_token(quoted.pk) for quoted in chunk)
        services.post_create(actor=quoter, thread=quote_thread, body=body, post_anyway=True)
    _approve_held(moderator)

    body_posts = list(Post.objects.filter(pk__in=[p.pk for p in body_posts]).order_by("pk"))
    for post in body_posts:
        services.reaction_toggle(actor=reader, post=post, kind="heart")
        services.reaction_toggle(actor=quoter, post=post, kind="hug")
    for thread in [*body_threads, quote_thread]:
        services.thread_refresh(thread=thread)
    return {
        "author": author,
        "reader": reader,
        "vectors": vectors,
        "refused": refused,
        "body_posts": body_posts,
        "body_threads": body_threads,
        "quote_thread": quote_thread,
    }


def _seed_titles() -> dict:
    author, reader = TrustedMemberFactory(), TrustedMemberFactory()
    category = CategoryFactory(name="Titels")
    vectors = _vectors()
    for vector in vectors:
        services.thread_create(
            actor=author,
            category=category,
            title=vector[:TITLE_MAX_LENGTH],
            body="Titeltest",
            post_anyway=True,
        )
    _approve_held(ModeratorFactory())
    return {"reader": reader, "vectors": vectors, "category": category}


def test_the_trap_fires_when_a_vector_is_injected_unsanitised(trapped, live_server_url):
    """The trap must be able to fail: raw vectors put into a page do run."""
    page, _report = trapped
    page.goto("/health/")

    page.evaluate(
        "(vectors) => { const box = document.createElement('div');"
        " box.innerHTML = vectors.join(''); document.body.appendChild(box); }",
        [v for v in VECTORS if "onerror" in v][:20],
    )
    page.wait_for_function("window.__xss.length > 0")

    assert any(hit.startswith("alert") for hit in page.evaluate("window.__xss"))


def test_no_xss_vector_executes_as_post_body_quote_or_reaction_target(trapped, live_server_url):
    page, report = trapped
    seeded = _seed_posts()
    vectors = seeded["vectors"]
    assert len(vectors) >= 200
    assert seeded["refused"] == []
    assert len(seeded["body_posts"]) == len(vectors)
    assert Post.objects.filter(moderation_state=Post.HELD).count() == 0
    log_in_by_cookie(page, seeded["reader"], base_url=live_server_url)
    failures: list[str] = []

    # Post bodies, 49 vectors a page; quote every post with the page's own Quote
    # buttons (all clicked in one go) and react through the real button (the reaction
    # target is a vector post).
    for thread in seeded["body_threads"]:
        where = f"/forum/t/{thread.pk}/"
        _check(page, where, failures, report)
        thread.refresh_from_db()
        assert page.locator("[data-post-body]").count() == thread.post_count
        quoted = page.evaluate(
            "() => { const buttons = document.querySelectorAll('[data-quote]');"
            " buttons.forEach((button) => button.click()); return buttons.length; }"
        )
        assert quoted == thread.post_count
        textarea = page.locator(".forum-reply textarea[name=body]")
        assert textarea.input_value().count("[quote #") == quoted
        _audit(page, f"{where} quoted", failures)
        page.locator("[data-reaction=me_too]").last.click()
        page.wait_for_load_state()
        _audit(page, f"{where} reacted", failures)

    # Replies quoting the vectors, as everyone reads them: each quote filled with the
    # quoted post's text.
    quote_thread = seeded["quote_thread"]
    quote_thread.refresh_from_db()
    filled = 0
    for number in range(1, -(-quote_thread.post_count // POSTS_PER_PAGE) + 1):
        _check(page, f"/forum/t/{quote_thread.pk}/?page={number}", failures, report)
        filled += page.locator(
            "[data-post-body] blockquote.forum-quote:not(.forum-quote--unavailable)"
        ).count()
    assert filled == len(seeded["body_posts"])

    assert failures == []
    assert report["dialogs"] == []
    assert report["foreign"] == []


def test_no_xss_vector_executes_as_thread_title(trapped, live_server_url):
    page, report = trapped
    seeded = _seed_titles()
    category = seeded["category"]
    titles = sorted(" ".join(t.title.split()) for t in category.threads.all())
    assert len(titles) == len(seeded["vectors"])
    log_in_by_cookie(page, seeded["reader"], base_url=live_server_url)
    failures: list[str] = []

    # Every title in the category's thread lists, 30 a page, shown as the text it is;
    # from each list page the reader opens the first thread (the title as a heading).
    listed: list[str] = []
    for number in range(1, -(-len(seeded["vectors"]) // THREADS_PER_PAGE) + 1):
        _check(page, f"/forum/c/{category.pk}/?page={number}", failures, report)
        shown = page.locator(".forum-list__title").all_text_contents()
        assert 0 < len(shown) <= THREADS_PER_PAGE
        listed.extend(" ".join(text.split()) for text in shown)
        # (The trap keeps clicks on members' text from navigating, so follow the link.)
        _check(
            page, page.locator(".forum-list__title").first.get_attribute("href"), failures, report
        )
        heading = page.locator("[data-thread-title]").text_content()
        assert " ".join(heading.split()) == " ".join(shown[0].split())
    assert sorted(listed) == titles
    # Titles in search results.
    for number in range(1, 4):
        _check(page, f"/forum/search/?q=alert&page={number}", failures, report)
        assert page.locator(".forum-list__title").count() > 0

    assert failures == []
    assert report["dialogs"] == []
    assert report["foreign"] == []


def test_no_xss_vector_executes_in_the_moderators_review_queue(trapped, live_server_url, settings):
    """Every vector post is reported with the vector as the note. Notes show only on an
    item's detail page, so the first post of each thread is also reported by one member
    per vector of that thread: one detail page shows a whole thread's notes."""
    page, report = trapped
    # Reports on a post hidden by reports are refused (members cannot see it): keep the
    # reported posts visible so one post can carry a whole thread's notes.
    settings.KRING_REPORTS_TO_HIDE = 10_000
    author = TrustedMemberFactory()
    reporters = [TrustedMemberFactory() for _ in range(POSTS_PER_PAGE - 1)]
    moderator = ModeratorFactory()
    category = CategoryFactory(name="Gemeld")
    vectors = _vectors()
    noted = []
    for chunk in _chunks(vectors, POSTS_PER_PAGE - 1):
        thread = services.thread_create(
            actor=author, category=category, title=chunk[0][:TITLE_MAX_LENGTH], body="x"
        )
        posts = [
            services.post_create(actor=author, thread=thread, body=vector, post_anyway=True)
            for vector in chunk
        ]
        # Members report only what they can see: vectors the guard held are approved.
        for post in posts:
            if post.moderation_state == Post.HELD:
                content_approve(post, actor=moderator)
        first = None
        for post, vector, reporter in zip(posts, chunk, reporters, strict=False):
            filed = report_create(reporter=reporter, target=post, reason="other", note=vector)
            first = first or filed
        for vector, reporter in zip(chunk[1:], reporters[1:], strict=False):
            report_create(reporter=reporter, target=posts[0], reason="other", note=vector)
        noted.append((first.review, chunk))
    assert ReviewItem.objects.filter(status=ReviewItem.Status.OPEN).count() == len(vectors)
    client = Client()
    login_verified(client, moderator)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server_url,
            }
        ]
    )
    failures: list[str] = []

    _check(page, "/moderation/", failures, report)
    assert page.locator("[data-review-item]").count() == len(vectors)
    for item, chunk in noted:
        _check(page, f"/moderation/item/{item.pk}/", failures, report)
        notes = page.locator(".review-item__note").all_text_contents()
        assert sorted(_visible(note) for note in notes) == sorted(_visible(v) for v in chunk)
    assert sum(len(chunk) for _item, chunk in noted) == len(vectors)

    assert failures == []
    assert report["dialogs"] == []
    assert report["foreign"] == []
