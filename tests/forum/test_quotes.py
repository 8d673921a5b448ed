"""Quotes are references: the quoting post stores "[quote #n]", the page shows the
quoted post's current text for the reader, so purge, edit, deletion and erasure reach
every quote, at any depth, and search never finds one post's text in another."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from community.accounts.services import member_block
from community.moderation.services import content_hide, content_hold, content_purge
from community.privacy.services import member_delete
from forum import services
from forum.models import Access, Post, PostQuote, PostRevision
from forum.quotes import body_render, quote_token, quoted_ids, quotes_fill
from tests.factories import ModeratorFactory
from tests.forum.factories import CategoryFactory, TrustedMemberFactory, make_thread

pytestmark = pytest.mark.django_db

SECRET = "Zij heet echt Anna de Vries"


def _reply(actor, thread, body):
    return services.post_create(actor=actor, thread=thread, body=body)


def _page(client, thread):
    return client.get(reverse("forum:thread", args=[thread.pk])).content.decode()


def _search(client, query):
    return list(client.get(reverse("forum:search"), {"q": query}).context["page"])


@pytest.fixture
def chain(member, other_member, category):
    """Three levels: a quotes the secret, b quotes a, c quotes b."""
    thread = make_thread(category=category, author=other_member, body="Waar gaat dit over?")
    secret = _reply(member, thread, SECRET)
    first = _reply(other_member, thread, quote_token(secret.pk) + "Dat mag je niet zeggen.")
    second = _reply(member, thread, quote_token(first.pk) + "Precies.")
    third = _reply(other_member, thread, quote_token(second.pk) + "Eens.")
    return thread, secret, first, second, third


def test_a_quote_stores_a_reference_not_the_quoted_text(chain):
    _thread, secret, first, _second, _third = chain

    assert first.body == f"[quote #{secret.pk}]\n\nDat mag je niet zeggen."
    assert "Anna" not in first.body_html
    assert quoted_ids(first.body_html) == [secret.pk]
    assert PostQuote.objects.filter(post=first, quoted=secret).exists()


def test_the_page_shows_the_quoted_text_one_level_deep(client, chain):
    thread, secret, first, _second, _third = chain
    reader = TrustedMemberFactory()
    client.force_login(reader)

    html = _page(client, thread)

    assert html.count(SECRET) == 2  # the post itself and the one direct quote of it
    assert f'href="/forum/p/{first.pk}/">' in html
    assert f"Quote of #{secret.pk}" in html or f"Citaat van #{secret.pk}" in html
    assert html.count("Dat mag je niet zeggen.") == 2  # first, and second's quote of it


@pytest.mark.services
def test_purge_reaches_three_levels_of_quoting_and_search_finds_nothing(client, chain):
    thread, secret, first, second, third = chain
    reader = TrustedMemberFactory()
    client.force_login(reader)
    assert [t.pk for t in _search(client, "Anna")] == [thread.pk]

    content_purge(secret, actor=ModeratorFactory(), reason="Outing")

    html = _page(client, thread)
    assert "Anna" not in html
    assert "This post is not available." in html or "niet beschikbaar" in html
    assert _search(client, "Anna") == []
    for post in (first, second, third):
        post.refresh_from_db()
        assert "Anna" not in post.body + post.body_html
        assert not PostRevision.objects.filter(post=post, body__contains="Anna").exists()


def test_an_edit_of_the_quoted_post_shows_in_every_quote(client, member, chain):
    thread, secret, _first, _second, _third = chain
    client.force_login(TrustedMemberFactory())

    services.post_edit(actor=member, post=secret, body="Laat maar, ik vergiste me.")

    html = _page(client, thread)
    assert "Anna" not in html
    assert html.count("Laat maar, ik vergiste me.") == 2


def test_an_authors_deletion_reaches_every_quote(client, member, chain):
    thread, secret, _first, _second, _third = chain
    client.force_login(TrustedMemberFactory())

    services.post_delete(actor=member, post=secret)

    assert "Anna" not in _page(client, thread)
    assert _search(client, "Anna") == []


def test_erasing_the_author_reaches_every_quote(client, member, chain):
    thread, _secret, _first, _second, _third = chain
    client.force_login(TrustedMemberFactory())

    member_delete(member=member, keep_content=False)

    assert "Anna" not in _page(client, thread)
    assert _search(client, "Anna") == []


def _hide(post):
    content_hide(post, actor=ModeratorFactory(), reason="Weg")


def _hold(post):
    content_hold(post, reason="Even kijken")


def _delete(post):
    services.post_delete(actor=post.author, post=post)


def _blocked_by_reader(post, reader):
    member_block(actor=reader, blocked=post.author)


@pytest.mark.parametrize("make_unavailable", [_hide, _hold, _delete, "block"])
def test_a_quoted_post_the_reader_may_not_read_shows_as_not_available(
    member, other_member, category, make_unavailable
):
    thread = make_thread(category=category, author=other_member)
    quoted = _reply(member, thread, SECRET)
    quoting = _reply(other_member, thread, quote_token(quoted.pk) + "Wat?")
    reader = TrustedMemberFactory()
    if make_unavailable == "block":
        _blocked_by_reader(quoted, reader)
    else:
        make_unavailable(Post.objects.get(pk=quoted.pk))

    filled = quotes_fill(posts=[Post.objects.get(pk=quoting.pk)], viewer=reader)

    assert "Anna" not in filled[quoting.pk]
    assert "forum-quote--unavailable" in filled[quoting.pk]


def test_a_quote_from_a_category_the_reader_cannot_open_is_not_available(member):
    staff_room = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)
    moderator = ModeratorFactory()
    secret = make_thread(category=staff_room, author=moderator, body=SECRET).posts.get()
    elsewhere = make_thread(author=moderator, body="Openbaar")
    quoting = services.post_create(
        actor=moderator, thread=elsewhere, body=quote_token(secret.pk) + "Zie hier."
    )

    filled = quotes_fill(posts=[quoting], viewer=member)

    assert "Anna" not in filled[quoting.pk]
    assert SECRET in quotes_fill(posts=[quoting], viewer=moderator)[quoting.pk]


def test_filling_a_page_of_quotes_takes_the_same_queries_for_one_or_many(
    member, other_member, category, django_assert_num_queries
):
    thread = make_thread(category=category, author=other_member)
    quoted = [_reply(member, thread, f"Bericht {n}") for n in range(10)]
    one = _reply(other_member, thread, quote_token(quoted[0].pk) + "Een.")
    many = [
        _reply(other_member, thread, "".join(quote_token(q.pk) for q in quoted) + "Alle.")
        for _ in range(5)
    ]
    reader = TrustedMemberFactory()

    with django_assert_num_queries(2):
        quotes_fill(posts=[one], viewer=reader)
    with django_assert_num_queries(2):
        filled = quotes_fill(posts=[one, *many], viewer=reader)
    with django_assert_num_queries(0):
        quotes_fill(posts=quoted, viewer=reader)

    assert all(f"Bericht {n}" in filled[many[0].pk] for n in range(10))


def test_a_token_for_a_post_the_member_cannot_read_is_refused(member, other_member, category):
    staff_room = CategoryFactory(read_access=Access.STAFF, post_access=Access.STAFF)
    secret = make_thread(category=staff_room, author=ModeratorFactory(), body=SECRET).posts.get()
    thread = make_thread(category=category, author=other_member)

    for missing in (secret.pk, 987654):
        with pytest.raises(services.ValidationError) as error:
            _reply(member, thread, quote_token(missing) + "Kijk")
        assert error.value.code == "quote_refused"


def test_a_placeholder_typed_by_a_member_stays_text(member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    forged = '<blockquote class="forum-quote" data-quoted-post="1"><p><a href="/x/">#1</a></p>'

    post = _reply(member, thread, forged)

    assert quoted_ids(post.body_html) == []
    assert "<blockquote" not in post.body_html
    assert "&lt;blockquote" in post.body_html


def test_a_token_inside_code_is_not_a_quote():
    html = body_render("```\n[quote #12]\n```\n\n`[quote #13]`")

    assert quoted_ids(html) == []


def test_a_token_right_above_text_is_still_a_quote():
    assert quoted_ids(body_render("[quote #12]\nEens!")) == [12]


def test_the_quote_button_without_javascript_inserts_a_reference(
    member_client, other_member, category
):
    thread = make_thread(category=category, author=other_member, body="Citeer mij")
    quoted = thread.posts.get()

    response = member_client.get(reverse("forum:reply", args=[thread.pk]), {"quote": quoted.pk})

    assert response.context["form"]["body"].value() == f"[quote #{quoted.pk}]\n\n"


# --- Quotes copied before they were references --------------------------------------------


def _legacy(post_id, name, text):
    return f"> [@{name}](/forum/p/{post_id}/):\n" + "\n".join(f"> {line}" for line in text)


def test_the_migration_turns_copied_quotes_into_references(member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    secret = _reply(member, thread, SECRET)
    first = _reply(other_member, thread, "Wat?")
    second = _reply(member, thread, "Precies.")
    nested = _legacy(secret.pk, member.username, [SECRET])
    first_body = nested + "\n\nWat?"
    Post.objects.filter(pk=first.pk).update(body=first_body, body_html=body_render(first_body))
    PostQuote.objects.create(post=first, quoted=secret)
    second_body = (
        _legacy(first.pk, other_member.username, [*nested.splitlines(), "", "Wat?"])
        + "\n\nPrecies."
    )
    Post.objects.filter(pk=second.pk).update(body=second_body, body_html=body_render(second_body))
    PostQuote.objects.create(post=second, quoted=first)
    migration = importlib.import_module("forum.migrations.0003_quotes_as_references")

    migration.copies_to_references(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.body == f"[quote #{secret.pk}]\n\nWat?"
    assert second.body == f"[quote #{first.pk}]\n\nPrecies."
    assert "Anna" not in second.body + second.body_html + first.body_html
    assert quoted_ids(second.body_html) == [first.pk]


@pytest.mark.services
def test_purge_removes_an_old_copied_quote_at_any_depth(member, other_member, category):
    thread = make_thread(category=category, author=other_member)
    secret = _reply(member, thread, SECRET)
    quoting = _reply(other_member, thread, "Eerst")
    body = (
        "> [@iemand](/forum/p/999999/):\n"
        "> Ergens anders\n"
        f"> > [@{member.username}](/forum/p/{secret.pk}/):\n"
        f"> > {SECRET}\n"
        "> Nog iets\n\n"
        "Dit kan echt niet."
    )
    Post.objects.filter(pk=quoting.pk).update(body=body, body_html=body_render(body))

    content_purge(secret, actor=ModeratorFactory(), reason="Outing")

    quoting.refresh_from_db()
    assert "Anna" not in quoting.body + quoting.body_html
    assert "Ergens anders" in quoting.body
    assert "Nog iets" in quoting.body
    assert "Dit kan echt niet." in quoting.body


def test_a_shown_quote_is_not_mistaken_for_a_quote_button(client, chain):
    thread, *_posts = chain
    client.force_login(TrustedMemberFactory())

    html = _page(client, thread)

    # forum.js treats [data-quote] as the Quote button: one per post, nothing else.
    assert len(re.findall(r"\sdata-quote[\s=>]", html)) == thread.posts.count()
