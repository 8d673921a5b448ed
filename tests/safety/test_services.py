"""Safety warnings through their services: redacted on submit, held for a moderator,
published with an expiry, "me too" once per member, deleted text after expiry, urgent
notifications and the member's data."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.moderation.models import ModerationState, ReviewItem, WatchedWord
from community.moderation.services import (
    content_edit,
    content_reject,
    watched_word_create,
)
from community.notifications.models import Notification
from community.safety import privacy, selectors, services
from community.safety.models import AlertArea, MeToo, SafetyWarning
from tests.factories import PendingUserFactory, TrustedMemberFactory


def test_submit_stores_only_the_redacted_text_and_holds_it(submit, member):
    warning = submit(actor=member)

    assert warning.moderation_state == ModerationState.HELD
    assert "0 6 - 1 2" not in warning.what_happened
    assert "[telefoonnummer verwijderd]" in warning.what_happened or (
        "[phone number removed]" in warning.what_happened
    )
    assert "bankpas en pincode" in warning.what_happened
    assert warning.redactions == [{"kind": "phone", "count": 1}]
    assert warning.reporter == member
    item = ReviewItem.objects.get(object_id=str(warning.pk), status=ReviewItem.Status.OPEN)
    assert "moderator" in item.held_reason
    # Nobody sees it before a moderator does.
    assert list(selectors.warnings_published(member=member)) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"what_happened": "   "}, "what_happened"),
        ({"what_happened": "x" * 4_001}, "what_happened"),
        ({"pattern": "y" * 2_001}, "pattern"),
        ({"platform": "z" * 101}, "platform"),
        ({"what_happened": "Bel 0 6 1 2 3 4 5 6 7 8 of roos@example.nl"}, "what_happened"),
        ({"happened_on": None}, "happened_on"),
        ({"happened_on": timezone.localdate() + timedelta(days=2)}, "happened_on"),
        ({"area": "atlantis"}, "area"),
        ({"kind": "gossip"}, "kind"),
    ],
)
def test_bad_reports_are_refused_with_a_message_on_their_field(submit, member, overrides, field):
    with pytest.raises(ValidationError) as refused:
        submit(actor=member, **overrides)

    assert field in refused.value.message_dict
    assert SafetyWarning.objects.count() == 0


def test_a_warning_made_only_of_personal_information_says_why(submit, member):
    with pytest.raises(ValidationError) as refused:
        submit(actor=member, what_happened="Jan, 06-12345678, roos@example.nl, Damrak 1, Amsterdam")

    (message,) = refused.value.message_dict["what_happened"]
    assert "personal information" in message or "persoonlijke" in message


def test_watched_words_still_apply(submit, member, moderator):
    watched_word_create(actor=moderator, word="kankerlijer", action=WatchedWord.Action.BLOCK)

    with pytest.raises(ValidationError):
        submit(actor=member, advice="Wat een kankerlijer")


def test_only_members_who_may_enter_report(submit):
    with pytest.raises(PermissionDenied):
        submit(actor=PendingUserFactory())


def test_approval_publishes_with_an_expiry_of_90_days(published, other_member):
    assert published.moderation_state == ModerationState.VISIBLE
    assert published.expires_at - published.published_at == timedelta(days=90)
    listed = list(selectors.warnings_published(member=other_member))
    assert listed == [published]
    assert listed[0].me_too_count == 0


def test_rejection_keeps_it_from_members_and_tells_the_reporter_why(submit, member, moderator):
    warning = submit(actor=member)

    content_reject(warning, actor=moderator, reason="Te herkenbaar beschreven")

    assert list(selectors.warnings_published(member=member)) == []
    (own,) = selectors.warnings_by_reporter(member=member)
    assert own.moderation_reason == "Te herkenbaar beschreven"


def test_a_moderator_edits_fields_and_cannot_put_personal_information_back(
    submit, member, moderator
):
    warning = submit(actor=member)
    text = services.warning_text(warning).replace(
        "Leen nooit je bankpas uit.", "Leen nooit je pas uit; zijn nummer is 0612345678."
    )

    assert content_edit(warning, actor=moderator, text=text, reason="Advies korter")

    warning.refresh_from_db()
    assert warning.advice.startswith("Leen nooit je pas uit")
    assert "0612345678" not in warning.advice
    assert "bankpas en pincode" in warning.what_happened  # other fields untouched


def test_me_too_counts_once_per_member_and_never_the_reporter(published, member, other_member):
    assert services.me_too_mark(actor=other_member, warning=published)
    assert not services.me_too_mark(actor=other_member, warning=published)
    third = TrustedMemberFactory()
    services.me_too_mark(actor=third, warning=published)

    assert selectors.warning_for_member(member=third, warning_id=published.pk).me_too_count == 2
    with pytest.raises(PermissionDenied):
        services.me_too_mark(actor=member, warning=published)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeToo.objects.create(warning=published, member=third)
    assert services.me_too_unmark(actor=third, warning=published)
    assert MeToo.objects.filter(warning=published).count() == 1


def test_filters_by_kind_and_area_newest_first(submit, publish, member, other_member):
    older = publish(submit(actor=member, kind="scam", area="utrecht"))
    newer = publish(submit(actor=member, kind="scam", area="amsterdam"))
    robbery = publish(submit(actor=member, kind="robbery", area="utrecht"))
    SafetyWarning.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - timedelta(days=2)
    )

    def listed(**filters):
        return [w.pk for w in selectors.warnings_published(member=other_member, **filters)]

    assert listed(kind="scam") == [newer.pk, older.pk]
    assert listed(area="utrecht") == [robbery.pk, older.pk]
    assert listed(kind="scam", area="utrecht") == [older.pk]


def test_expired_warnings_disappear_and_their_text_is_deleted_later(published, other_member):
    now = timezone.now()
    expired = published.expires_at + timedelta(minutes=1)

    assert list(selectors.warnings_published(member=other_member, now=expired)) == []
    assert (
        selectors.warning_for_member(member=other_member, warning_id=published.pk, now=expired)
        is None
    )
    assert services.warnings_text_delete(now=expired) == 0  # kept during the retention period

    later = published.expires_at + timedelta(days=31)
    assert services.warnings_text_delete(now=later) == 1
    published.refresh_from_db()
    assert published.what_happened == published.pattern == published.advice == ""
    assert published.text_deleted_at == later
    assert services.warnings_text_delete(now=later) == 0
    assert published.published_at < now


def test_the_command_deletes_the_text_of_long_expired_warnings(published):
    SafetyWarning.objects.filter(pk=published.pk).update(
        expires_at=timezone.now() - timedelta(days=40)
    )

    call_command("safety_delete_expired_text", stdout=None)

    published.refresh_from_db()
    assert published.what_happened == ""


@pytest.fixture
def followers(db):
    near = TrustedMemberFactory(email="near@example.org")
    near_by_mail = TrustedMemberFactory(email="mail@example.org")
    far = TrustedMemberFactory()
    services.alert_settings_save(member=near, areas=["amsterdam"], email=False)
    services.alert_settings_save(member=near_by_mail, areas=["amsterdam", "utrecht"], email=True)
    services.alert_settings_save(member=far, areas=["groningen"], email=False)
    return near, near_by_mail, far


def test_urgent_warnings_notify_followers_of_the_area_in_app_and_by_neutral_mail(
    submit, publish, member, followers, django_capture_on_commit_callbacks
):
    near, near_by_mail, _far = followers
    services.alert_settings_save(member=member, areas=["amsterdam"], email=False)
    warning = submit(actor=member, kind="violence", what_happened="Een klant sloeg en schopte mij.")

    with django_capture_on_commit_callbacks(execute=True):
        publish(warning)

    notified = set(Notification.objects.filter(kind="alert").values_list("recipient", flat=True))
    assert notified == {near.pk, near_by_mail.pk}  # not the reporter, not another area
    assert Notification.objects.filter(actor__isnull=False, kind="alert").count() == 0
    (message,) = mail.outbox
    assert message.to == ["mail@example.org"]
    for forbidden in ("klant", "sloeg", "Amsterdam", "geweld", "violence", "warning", "Kring"):
        assert forbidden.lower() not in (message.subject + message.body).lower()


def test_other_kinds_notify_nobody(
    submit, publish, member, followers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(submit(actor=member, kind="scam"))

    assert not Notification.objects.filter(kind="alert").exists()
    assert mail.outbox == []


def test_alert_settings_need_known_areas_and_an_address_for_mail(member):
    with pytest.raises(ValidationError) as no_address:
        services.alert_settings_save(member=member, areas=["amsterdam"], email=True)
    assert "email" in no_address.value.message_dict
    with pytest.raises(ValidationError):
        services.alert_settings_save(member=member, areas=["atlantis"], email=False)

    services.alert_settings_save(member=member, areas=["utrecht", "amsterdam"], email=False)
    services.alert_settings_save(member=member, areas=["utrecht"], email=False)

    assert selectors.alert_settings_for(member=member).areas == ["utrecht"]


def test_export_erase_and_anonymise_cover_warnings_and_marks(
    submit, published, member, other_member
):
    services.me_too_mark(actor=other_member, warning=published)
    services.alert_settings_save(member=other_member, areas=["amsterdam"], email=False)
    held = submit(actor=member)

    exported = privacy.safety_member_export(member)
    assert {w["id"] for w in exported["warnings"]} == {published.pk, held.pk}
    assert "[" in exported["warnings"][0]["what_happened"]  # stored redacted
    assert privacy.safety_member_export(other_member)["me_too"][0]["warning_id"] == published.pk
    assert privacy.safety_member_export(other_member)["urgent_warning_areas"] == ["amsterdam"]

    privacy.safety_member_erase(other_member)
    assert not MeToo.objects.exists()
    assert not AlertArea.objects.exists()

    former = TrustedMemberFactory()
    privacy.safety_member_anonymise(member, former)
    assert list(SafetyWarning.objects.values_list("pk", "reporter")) == [(published.pk, former.pk)]
