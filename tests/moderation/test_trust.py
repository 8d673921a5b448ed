from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from community.audit.models import AuditLog
from community.moderation.models import MemberTrust, TrustLevel
from community.moderation.selectors import (
    content_limits_for,
    member_needs_approval,
    trust_level_for,
)
from community.moderation.services import content_approve, content_submit, trust_set
from tests.factories import ModeratorFactory, SuperuserFactory, SupportWorkerFactory, UserFactory
from tests.helpers import unverified


def _old_member(days: int = 30):
    member = UserFactory()
    member.date_joined = timezone.now() - timedelta(days=days)
    member.save(update_fields=["date_joined"])
    return member


def test_a_new_members_first_three_posts_are_held_then_posts_go_out(make_post, moderator):
    author = UserFactory()
    assert member_needs_approval(author)

    for _ in range(3):
        post = make_post(author=author)
        assert content_submit(post) is True
        post.refresh_from_db()
        assert post.moderation_state == "held"
        content_approve(post, actor=moderator)

    assert not member_needs_approval(author)
    fourth = make_post(author=author)
    assert content_submit(fourth) is False
    fourth.refresh_from_db()
    assert fourth.moderation_state == "visible"


def test_rejected_posts_do_not_count_toward_trust(make_post, moderator):
    from community.moderation.services import content_reject

    author = UserFactory()
    for _ in range(3):
        post = make_post(author=author)
        content_submit(post)
        content_reject(post, actor=moderator, reason="spam")

    assert member_needs_approval(author)


def test_hold_reasons_hold_a_trusted_members_post_too(make_post, moderator):
    author = UserFactory()
    trust_set(actor=moderator, member=author, level=TrustLevel.MEMBER, reason="bekend")
    post = make_post(author=author)

    assert content_submit(post, hold_reasons=["Persoonsgegevens?"]) is True

    post.refresh_from_db()
    assert post.moderation_state == "held"
    assert post.moderation_reason == "Persoonsgegevens?"


@override_settings(KRING_TRUST_MEMBER_POSTS=5, KRING_TRUST_MEMBER_DAYS=7)
def test_trust_grows_after_five_approved_posts_and_seven_days(make_post, moderator):
    young = UserFactory()
    old = _old_member(days=8)
    for author in (young, old):
        for _ in range(5):
            post = make_post(author=author)
            content_submit(post)
            if post.moderation_state == "held":
                content_approve(post, actor=moderator)

    assert trust_level_for(young) == TrustLevel.BASIC
    assert trust_level_for(old) == TrustLevel.MEMBER
    assert AuditLog.objects.filter(
        action="community.member.trust_promoted", target_object_id=str(old.pk)
    ).exists()


def test_moderators_set_trust_and_automatic_promotion_leaves_it(make_post, moderator):
    author = _old_member()
    assert trust_set(actor=moderator, member=author, level=TrustLevel.NEW, reason="let op") is True
    assert trust_set(actor=moderator, member=author, level=TrustLevel.NEW, reason="let op") is False
    MemberTrust.objects.filter(member=author).update(approved_posts=50)

    post = make_post(author=author)
    content_submit(post)

    assert trust_level_for(author) == TrustLevel.NEW
    assert AuditLog.objects.filter(action="community.member.trust_changed").count() == 1


def test_only_moderators_set_trust(member):
    with pytest.raises(PermissionDenied):
        trust_set(actor=member, member=UserFactory(), level=TrustLevel.TRUSTED, reason="")


def test_new_members_are_limited_on_links_images_and_mentions(moderator):
    newcomer = UserFactory()
    limits = content_limits_for(newcomer)

    assert limits.links == 2
    assert limits.images == 0
    assert limits.errors(links=2, images=0, mentions=2) == []
    assert len(limits.errors(links=3, images=1, mentions=3)) == 3

    trusted = UserFactory()
    trust_set(actor=moderator, member=trusted, level=TrustLevel.MEMBER, reason="bekend")
    assert content_limits_for(trusted).errors(links=50, images=10, mentions=20) == []
    assert content_limits_for(moderator).links is None
    assert not member_needs_approval(moderator)


@pytest.mark.parametrize("factory", [ModeratorFactory, SupportWorkerFactory, SuperuserFactory])
def test_staff_count_as_trusted_only_in_a_verified_session(db, factory):
    staff = factory()

    assert trust_level_for(staff) == TrustLevel.TRUSTED
    # Unverified, they are the member they are: new, with a new member's limits.
    assert trust_level_for(unverified(staff)) == TrustLevel.NEW
    assert member_needs_approval(unverified(staff))
