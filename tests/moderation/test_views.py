"""The moderation pages: moderators only, every action audited, constant queries."""

from datetime import timedelta

import pytest
from django.urls import reverse

from community.audit.models import AuditLog
from community.moderation.models import (
    Appeal,
    ModeratorNote,
    ReviewItem,
    Sanction,
    WatchedWord,
)
from community.moderation.services import (
    content_hold,
    report_create,
    sanction_apply,
)
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory

MODERATOR_PAGES = [
    ("moderation:queue", []),
    ("moderation:audit", []),
    ("moderation:words", []),
]


@pytest.mark.parametrize(("name", "args"), MODERATOR_PAGES)
def test_members_are_refused_moderator_pages(client, member, name, args):
    client.force_login(member)

    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), MODERATOR_PAGES)
def test_visitors_go_to_the_login_page(client, db, name, args):
    response = client.get(reverse(name, args=args))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_moderators_need_a_verified_second_factor(client, moderator):
    client.force_login(moderator)

    response = client.get(reverse("moderation:queue"))

    assert response.status_code == 302
    assert "two-factor" in response.url or "2fa" in response.url or "verify" in response.url


def test_member_actions_by_non_moderators_change_nothing(client, member, make_post):
    post = make_post(state="held")
    item = ReviewItem.objects.create(content_type_id=_ct(post), object_id=str(post.pk))
    other = UserFactory()
    client.force_login(member)

    posts = [
        (reverse("moderation:item_decide", args=[item.pk]), {"action": "approve"}),
        (reverse("moderation:item_purge", args=[item.pk]), {"reason": "x"}),
        (
            reverse("moderation:member_sanction", args=[other.pk]),
            {"kind": "ban", "reason": "x"},
        ),
        (reverse("moderation:member_note", args=[other.pk]), {"text": "x"}),
        (reverse("moderation:member_trust", args=[other.pk]), {"level": 3, "reason": "x"}),
        (reverse("moderation:words"), {"word": "x", "action": "block"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("moderation:member_detail", args=[other.pk])).status_code == 403

    post.refresh_from_db()
    assert post.moderation_state == "held"
    assert not Sanction.objects.exists()
    assert not ModeratorNote.objects.exists()
    assert not WatchedWord.objects.exists()
    assert not AuditLog.objects.exists()


def _ct(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def _fill_queue(make_post, count: int) -> None:
    for _ in range(count):
        held = make_post(author=UserFactory())
        content_hold(held, reason="Eerste berichten")
        reported = make_post(author=UserFactory())
        report_create(reporter=UserFactory(), target=reported, reason="threat", note="eng")
    report_create(reporter=UserFactory(), target=UserFactory(), reason="spam")


def test_the_queue_shows_held_and_reported_content_with_context(moderator_client, make_post):
    held = make_post(body="Mijn eerste verhaal")
    content_hold(held, reason="Eerste berichten van nieuwe leden")
    reported = make_post(body="Iets engs")
    report_create(reporter=UserFactory(), target=reported, reason="threat")
    report_create(reporter=UserFactory(), target=reported, reason="threat")

    page = moderator_client.get(reverse("moderation:queue"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Mijn eerste verhaal" in html
    assert "Iets engs" in html
    assert "Mijn week" in html  # where: the thread
    assert held.author.username in html
    assert "noindex" in html
    assert AuditLog.objects.filter(action="moderation.queue.viewed").count() == 1


def test_the_queue_runs_a_constant_number_of_queries(
    moderator_client, make_post, django_assert_max_num_queries
):
    _fill_queue(make_post, 2)
    moderator_client.get(reverse("moderation:queue"))  # warm caches (content types, session)
    with django_assert_max_num_queries(40) as small:
        moderator_client.get(reverse("moderation:queue"))

    _fill_queue(make_post, 10)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = moderator_client.get(reverse("moderation:queue"))

    assert response.content.decode().count("data-review-item=") == 2 * 12 + 2
    assert len(large.captured_queries) == len(small.captured_queries)


def test_approving_a_held_post_from_the_queue(moderator_client, moderator, make_post):
    post = make_post()
    content_hold(post, reason="Eerste berichten")
    item = ReviewItem.objects.get()

    response = moderator_client.post(
        reverse("moderation:item_decide", args=[item.pk]), {"action": "approve", "reason": ""}
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    assert AuditLog.objects.get(action="forum.post.approved").actor == moderator


def test_hiding_from_the_queue_needs_a_reason(moderator_client, make_post):
    post = make_post()
    report_create(reporter=UserFactory(), target=post, reason="threat")
    item = ReviewItem.objects.get()
    url = reverse("moderation:item_decide", args=[item.pk])

    moderator_client.post(url, {"action": "hide", "reason": ""})
    post.refresh_from_db()
    assert post.moderation_state == "visible"

    moderator_client.post(url, {"action": "hide", "reason": "Bedreiging"})
    post.refresh_from_db()
    assert post.moderation_state == "hidden"
    assert post.moderation_reason == "Bedreiging"


def test_reports_about_a_member_are_closed_from_the_queue(moderator_client):
    target = UserFactory()
    report_create(reporter=UserFactory(), target=target, reason="threat")
    item = ReviewItem.objects.get()

    moderator_client.post(
        reverse("moderation:item_decide", args=[item.pk]), {"action": "dismiss", "reason": "ok"}
    )

    item.refresh_from_db()
    assert item.status == "closed"
    assert AuditLog.objects.filter(action="moderation.review.dismissed").count() == 1


def test_opening_a_review_item_is_audited(moderator_client, moderator, make_post):
    post = make_post(body="Privé verhaal")
    report_create(reporter=UserFactory(), target=post, reason="other", note="Kijk even")
    item = ReviewItem.objects.get()

    page = moderator_client.get(reverse("moderation:item_detail", args=[item.pk]))

    assert "Privé verhaal" in page.content.decode()
    assert "Kijk even" in page.content.decode()
    entry = AuditLog.objects.get(action="moderation.review.viewed")
    assert entry.actor == moderator
    assert entry.target_object_id == str(post.pk)


def test_editing_through_the_queue(moderator_client, make_post):
    post = make_post(body="Bel 0612345678")
    content_hold(post, reason="Persoonsgegevens")
    item = ReviewItem.objects.get()
    url = reverse("moderation:item_edit", args=[item.pk])

    assert "Bel 0612345678" in moderator_client.get(url).content.decode()
    moderator_client.post(url, {"text": "Bel [weggehaald]", "reason": "nummer"})

    post.refresh_from_db()
    assert post.body == "Bel [weggehaald]"
    assert AuditLog.objects.filter(action="forum.post.edited").count() == 1


def test_purging_through_the_queue(moderator_client, make_post):
    from forum.models import Post

    make_post()  # the thread's opening post stays
    post = make_post(body="Haar adres is ...")
    report_create(reporter=UserFactory(), target=post, reason="personal_information")
    item = ReviewItem.objects.get()

    moderator_client.post(reverse("moderation:item_purge", args=[item.pk]), {"reason": "outing"})

    assert not Post.objects.filter(pk=post.pk).exists()
    assert AuditLog.objects.filter(action="forum.post.purged").count() == 1


def test_member_page_shows_history_and_notes_and_opening_it_is_audited(moderator_client, moderator):
    member = UserFactory()
    sanction_apply(
        actor=moderator, member=member, kind="warning", reason="Let op", staff_note="Intern"
    )
    ModeratorNote.objects.create(member=member, author=moderator, text="Kent de regels nu")

    page = moderator_client.get(reverse("moderation:member_detail", args=[member.pk]))

    html = page.content.decode()
    assert "Let op" in html
    assert "Intern" in html
    assert "Kent de regels nu" in html
    assert AuditLog.objects.filter(action="community.member.notes_viewed").count() == 1


def test_sanctioning_from_the_member_page(moderator_client, moderator):
    member = UserFactory()
    url = reverse("moderation:member_sanction", args=[member.pk])

    moderator_client.post(url, {"kind": "silence", "duration": "24h", "reason": "Rustig aan"})

    sanction = Sanction.objects.get()
    assert sanction.kind == "silence"
    assert sanction.ends_at - sanction.starts_at == timedelta(hours=24)
    assert sanction.created_by == moderator


def test_notes_and_trust_from_the_member_page(moderator_client):
    member = UserFactory()

    moderator_client.post(
        reverse("moderation:member_note", args=[member.pk]), {"text": "Aardig lid"}
    )
    moderator_client.post(
        reverse("moderation:member_trust", args=[member.pk]), {"level": 2, "reason": "bekend"}
    )

    assert ModeratorNote.objects.get().text == "Aardig lid"
    from community.moderation.selectors import trust_level_for

    assert trust_level_for(member) == 2


def test_a_member_appeals_and_a_second_moderator_decides(client, moderator):
    member = UserFactory()
    second = ModeratorFactory()
    sanction = sanction_apply(
        actor=moderator,
        member=member,
        kind="suspension",
        reason="x",
        duration=timedelta(days=1),
    )
    client.force_login(member)
    client.post(reverse("moderation:appeal_create", args=[sanction.pk]), {"text": "Het klopt niet"})
    appeal = Appeal.objects.get()
    assert appeal.assigned_to == second

    login_verified(client, moderator)
    own = client.post(
        reverse("moderation:appeal_detail", args=[appeal.pk]),
        {"outcome": "overturned", "reason": "x"},
    )
    assert own.status_code == 403

    login_verified(client, second)
    client.post(
        reverse("moderation:appeal_detail", args=[appeal.pk]),
        {"outcome": "overturned", "reason": "Terecht bezwaar"},
    )
    appeal.refresh_from_db()
    assert appeal.outcome == "overturned"
    assert appeal.decided_by == second


def test_a_member_cannot_appeal_someone_elses_sanction(client, moderator):
    sanction = sanction_apply(actor=moderator, member=UserFactory(), kind="ban", reason="x")
    client.force_login(UserFactory())

    response = client.post(
        reverse("moderation:appeal_create", args=[sanction.pk]), {"text": "x"}, follow=True
    )

    assert response.status_code == 404
    assert not Appeal.objects.exists()


def test_audit_page_lists_entries_and_filters_by_action(moderator_client, moderator):
    sanction_apply(actor=moderator, member=UserFactory(), kind="warning", reason="Eerste")
    report_create(reporter=UserFactory(), target=UserFactory(), reason="spam")

    page = moderator_client.get(reverse("moderation:audit"), {"action": "community.member"})

    html = page.content.decode()
    assert "community.member.warned" in html
    assert "moderation.report.created" not in html


def test_watched_words_are_managed_on_a_page(moderator_client):
    moderator_client.post(
        reverse("moderation:words"),
        {"word": "sukkel", "action": "censor", "replacement": "***"},
    )
    rule = WatchedWord.objects.get()
    assert rule.action == "censor"
    assert "sukkel" in moderator_client.get(reverse("moderation:words")).content.decode()

    moderator_client.post(reverse("moderation:word_delete", args=[rule.pk]))

    assert not WatchedWord.objects.exists()
    assert AuditLog.objects.filter(action__startswith="moderation.watched_word.").count() == 2


def test_pending_accounts_are_approved_and_rejected_from_the_queue(moderator_client):
    from tests.factories import PendingUserFactory

    welcome, refuse = PendingUserFactory(), PendingUserFactory()
    html = moderator_client.get(reverse("moderation:queue")).content.decode()
    assert welcome.username in html
    assert refuse.username in html

    moderator_client.post(
        reverse("moderation:account_decide", args=[welcome.pk]), {"action": "approve"}
    )
    moderator_client.post(
        reverse("moderation:account_decide", args=[refuse.pk]), {"action": "reject"}
    )  # no reason: refused
    moderator_client.post(
        reverse("moderation:account_decide", args=[refuse.pk]),
        {"action": "reject", "reason": "Geen sekswerker"},
    )

    welcome.refresh_from_db()
    refuse.refresh_from_db()
    assert welcome.status == "approved"
    assert refuse.status == "rejected"


def test_a_review_item_whose_content_is_gone_can_be_closed(moderator_client, make_post):
    from forum.models import Post

    post = make_post()
    report_create(reporter=UserFactory(), target=post, reason="spam")
    Post.objects.filter(pk=post.pk).delete()  # e.g. removed with its thread
    item = ReviewItem.objects.get()

    assert "data-review-item" in moderator_client.get(reverse("moderation:queue")).content.decode()
    moderator_client.post(reverse("moderation:item_decide", args=[item.pk]), {"action": "dismiss"})

    item.refresh_from_db()
    assert item.status == "closed"
