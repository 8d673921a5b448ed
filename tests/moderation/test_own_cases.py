"""No moderator decides about themselves, and no reporter is named to the member they
reported, staff included (security review, item 7). Reports about a moderator's own
post or account go to another moderator; the moderator concerned does not see them in
the queue, the review pages answer 404, the services refuse, and the audit log does
not name the reporter to them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.audit.models import AuditLog
from community.moderation.models import ReviewItem
from community.moderation.services import (
    content_approve,
    content_edit,
    content_hide,
    content_hold,
    content_purge,
    content_reject,
    content_restore,
    report_create,
    review_close,
)
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, TrustedMemberFactory

pytestmark = pytest.mark.django_db

REPORTER_NAME = "melder-anoniem"


@pytest.fixture
def reporter(db):
    return TrustedMemberFactory(username=REPORTER_NAME)


@pytest.fixture(params=["own post", "own account"])
def case(request, make_post, moderator, reporter):
    """A report about `moderator`: about a post they wrote, or about their account."""
    target = make_post(author=moderator) if request.param == "own post" else moderator
    report_create(reporter=reporter, target=target, reason="threat", note="Hij dreigt")
    return ReviewItem.objects.get(), target


def test_the_queue_leaves_out_reports_about_the_moderator_and_shows_them_to_another(
    client, moderator, case
):
    item, _target = case
    login_verified(client, moderator)
    own_queue = client.get(reverse("moderation:queue")).content.decode()
    login_verified(client, ModeratorFactory())
    other_queue = client.get(reverse("moderation:queue")).content.decode()

    assert f'data-review-item="{item.pk}"' not in own_queue
    assert f'data-review-item="{item.pk}"' in other_queue


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("moderation:item_detail", "get", {}),
        ("moderation:item_edit", "get", {}),
        ("moderation:item_decide", "post", {"action": "dismiss", "reason": "Niets aan de hand"}),
        ("moderation:item_decide", "post", {"action": "approve", "reason": "Niets aan de hand"}),
        ("moderation:item_purge", "post", {"reason": "weg ermee"}),
    ],
)
def test_the_review_pages_answer_the_moderator_concerned_with_not_found(
    client, moderator, case, name, method, data
):
    item, _target = case
    login_verified(client, moderator)

    # (Django's locale middleware first redirects a 404 to the /nl/ variant.)
    response = getattr(client, method)(reverse(name, args=[item.pk]), data, follow=True)
    missing = getattr(client, method)(reverse(name, args=[999_999]), data, follow=True)

    assert response.status_code == missing.status_code == 404
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN
    assert not AuditLog.objects.filter(actor=moderator).exists()


def test_another_moderator_decides_the_report(client, moderator, case):
    item, _target = case
    login_verified(client, ModeratorFactory())

    response = client.post(
        reverse("moderation:item_decide", args=[item.pk]),
        {"action": "dismiss", "reason": "Geen bedreiging"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.CLOSED


@pytest.mark.parametrize(
    "decide",
    [
        lambda post, actor: content_approve(post, actor=actor, reason="prima"),
        lambda post, actor: content_hide(post, actor=actor, reason="weg"),
        lambda post, actor: content_reject(post, actor=actor, reason="nee"),
        lambda post, actor: content_restore(post, actor=actor, reason="terug"),
        lambda post, actor: content_edit(post, actor=actor, text="Anders", reason="beter"),
        lambda post, actor: content_purge(post, actor=actor, reason="weg"),
        lambda post, actor: review_close(target=post, actor=actor, decision="dismissed"),
    ],
    ids=["approve", "hide", "reject", "restore", "edit", "purge", "close"],
)
def test_the_services_refuse_a_moderator_acting_on_their_own_post(
    make_post, moderator, reporter, decide
):
    post = make_post(author=moderator, body="Mijn eigen bericht")
    report_create(reporter=reporter, target=post, reason="threat")

    with pytest.raises(PermissionDenied):
        decide(post, moderator)

    post.refresh_from_db()
    assert post.body == "Mijn eigen bericht"
    assert ReviewItem.objects.get().status == ReviewItem.Status.OPEN


def test_a_moderators_own_held_post_is_approved_by_another_moderator(make_post, moderator):
    post = make_post(author=moderator)
    content_hold(post, reason="Controle")

    with pytest.raises(PermissionDenied):
        content_approve(post, actor=moderator)
    assert content_approve(post, actor=ModeratorFactory())


def test_the_audit_log_does_not_name_the_reporter_to_the_moderator_reported(
    client, moderator, case
):
    login_verified(client, moderator)
    own_view = client.get(reverse("moderation:audit")).content.decode()
    login_verified(client, ModeratorFactory())
    other_view = client.get(reverse("moderation:audit")).content.decode()

    assert "moderation.report.created" in own_view
    assert REPORTER_NAME not in own_view
    assert "data-reporter-hidden" in own_view
    assert REPORTER_NAME in other_view


def test_the_reporter_stays_hidden_after_the_post_is_purged(client, make_post, moderator, reporter):
    post = make_post(author=moderator)
    report_create(reporter=reporter, target=post, reason="personal_information")
    content_purge(post, actor=ModeratorFactory(), reason="outing")
    login_verified(client, moderator)

    page = client.get(reverse("moderation:audit")).content.decode()

    assert "moderation.report.created" in page
    assert REPORTER_NAME not in page


def test_older_report_entries_hide_the_reporter_when_the_target_cannot_be_checked(
    client, moderator, reporter, make_post
):
    """Entries written before reports named whom they are about: the target decides,
    and a target that is gone could have been anyone's."""
    own, gone = make_post(author=moderator), make_post()
    for target in (own, gone):
        entry = AuditLog(actor=reporter, action="moderation.report.created", data={"report": 1})
        entry.target_content_type = ContentType.objects.get_for_model(target)
        entry.target_object_id = str(target.pk)
        entry.save()
    gone.delete()
    login_verified(client, ModeratorFactory())

    page = client.get(reverse("moderation:audit")).content.decode()

    assert page.count("data-reporter-hidden") == 1  # the purged one; `own` is not theirs
    login_verified(client, moderator)
    assert REPORTER_NAME not in client.get(reverse("moderation:audit")).content.decode()
