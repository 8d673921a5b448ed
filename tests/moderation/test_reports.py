import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from community.audit.models import AuditLog
from community.moderation.models import Report, ReviewItem
from community.moderation.services import content_approve, report_create
from tests.factories import PendingUserFactory, UserFactory

from .conftest import report_url


def test_a_member_reports_a_post_with_a_reason_and_a_note(make_post, member):
    post = make_post()

    report = report_create(reporter=member, target=post, reason="threat", note="Dreigt mij")

    assert report.reason == "threat"
    assert report.note == "Dreigt mij"
    assert report.review.status == "open"
    entry = AuditLog.objects.get(action="moderation.report.created")
    assert entry.actor == member
    assert entry.target_object_id == str(post.pk)


def test_one_member_reporting_twice_counts_once(make_post, member):
    post = make_post()

    first = report_create(reporter=member, target=post, reason="spam")
    second = report_create(reporter=member, target=post, reason="other")

    assert first.pk == second.pk
    assert Report.objects.count() == 1


@override_settings(KRING_REPORTS_TO_HIDE=3)
def test_reports_from_three_different_members_hide_the_post_until_a_moderator_decides(
    make_post, moderator
):
    post = make_post()
    reporters = UserFactory.create_batch(3)
    report_create(reporter=reporters[0], target=post, reason="personal_information")
    report_create(reporter=reporters[0], target=post, reason="personal_information")
    report_create(reporter=reporters[1], target=post, reason="personal_information")
    post.refresh_from_db()
    assert post.moderation_state == "visible"

    report_create(reporter=reporters[2], target=post, reason="personal_information")

    post.refresh_from_db()
    assert post.moderation_state == "hidden"
    hidden = AuditLog.objects.get(action="forum.post.hidden")
    assert hidden.actor is None
    item = ReviewItem.objects.get(object_id=str(post.pk))
    assert item.status == "open"  # still waiting for a moderator

    content_approve(post, actor=moderator, reason="Geen persoonsgegevens.")
    post.refresh_from_db()
    assert post.moderation_state == "visible"
    item.refresh_from_db()
    assert item.status == "closed"


@override_settings(KRING_REPORTS_TO_HIDE=2)
def test_the_threshold_is_a_setting(make_post):
    post = make_post()
    for reporter in UserFactory.create_batch(2):
        report_create(reporter=reporter, target=post, reason="spam")

    post.refresh_from_db()
    assert post.moderation_state == "hidden"


def test_a_report_after_a_decision_opens_a_new_case(make_post, member, moderator):
    post = make_post()
    report_create(reporter=member, target=post, reason="spam")
    content_approve(post, actor=moderator)

    report_create(reporter=member, target=post, reason="threat")

    assert ReviewItem.objects.filter(object_id=str(post.pk)).count() == 2
    assert ReviewItem.objects.filter(object_id=str(post.pk), status="open").count() == 1


def test_members_cannot_report_their_own_post(make_post, member):
    post = make_post(author=member)

    with pytest.raises(ValidationError):
        report_create(reporter=member, target=post, reason="spam")


def test_pending_accounts_cannot_report(make_post):
    with pytest.raises(PermissionDenied):
        report_create(reporter=PendingUserFactory(), target=make_post(), reason="spam")


def test_a_member_can_be_reported_but_is_never_hidden(member):
    other = UserFactory()

    report = report_create(reporter=member, target=other, reason="threat")

    assert report.review.target == other
    assert AuditLog.objects.filter(action="moderation.report.created").count() == 1


def test_the_reporter_is_never_revealed_to_the_reported_member(make_post, member):
    from community.notifications.models import Notification

    post = make_post()
    for reporter in [member, *UserFactory.create_batch(2)]:
        report_create(reporter=reporter, target=post, reason="threat")

    notes = Notification.objects.filter(recipient=post.author)
    assert notes.exists()  # they are told the post was hidden ...
    for notification in notes:
        assert notification.actor_id is None  # ... but not by whom
        assert member.username not in notification.text


def test_report_form_shows_reasons_and_files_the_report(client, make_post, member):
    post = make_post()
    client.force_login(member)
    url = report_url(post)

    page = client.get(url)
    assert page.status_code == 200
    assert b"personal_information" in page.content
    assert b"noindex" in page.content

    response = client.post(url, {"reason": "personal_information", "note": "Haar adres"})

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter == member
    assert report.note == "Haar adres"


def test_report_form_is_for_approved_members_only(client, make_post):
    post = make_post()
    url = report_url(post)

    assert client.get(url).status_code == 302
    client.force_login(PendingUserFactory())
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert not Report.objects.exists()


def test_report_form_for_an_unknown_target_is_not_found(client, member):
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    from forum.models import Post

    client.force_login(member)
    ct = ContentType.objects.get_for_model(Post)

    # (Django's locale middleware first redirects a 404 to the /nl/ variant.)
    missing = client.get(reverse("moderation:report", args=[ct.pk, 999999]), follow=True)
    assert missing.status_code == 404
    audit_ct = ContentType.objects.get_for_model(AuditLog)
    unregistered = client.get(reverse("moderation:report", args=[audit_ct.pk, 1]), follow=True)
    assert unregistered.status_code == 404


def test_content_the_member_cannot_see_cannot_be_reported(client, make_post, member, monkeypatch):
    import dataclasses

    from community.registries import content as registry
    from forum.models import Post

    post = make_post()
    hidden_adapter = dataclasses.replace(
        registry.adapter_for(Post), visible_to=lambda obj, user: False
    )
    monkeypatch.setitem(registry._registry, Post, hidden_adapter)
    client.force_login(member)

    assert client.get(report_url(post), follow=True).status_code == 404
    with pytest.raises(Post.DoesNotExist):  # as for an id that does not exist
        report_create(reporter=member, target=post, reason="spam")
    assert not Report.objects.exists()
