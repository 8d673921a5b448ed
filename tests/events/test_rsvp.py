"""RSVPs: places, the first-come waiting list, automatic promotion, house rules."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chat import policies as chat_policies
from community.notifications.models import Notification
from events import services
from events.models import Rsvp, RsvpStatus, SeriesSubscription
from tests.events.conftest import NOW, rsvp
from tests.factories import TrustedMemberFactory


def test_full_session_puts_members_on_the_waitlist_and_cancel_promotes_the_first(
    first_session, member, other_member, django_capture_on_commit_callbacks
):
    first_waiting, second_waiting = TrustedMemberFactory(), TrustedMemberFactory()
    assert rsvp(member, first_session).status == RsvpStatus.GOING
    assert rsvp(other_member, first_session).status == RsvpStatus.GOING
    assert rsvp(first_waiting, first_session, now=NOW).status == RsvpStatus.WAITLISTED
    later = NOW + timedelta(minutes=1)
    assert rsvp(second_waiting, first_session, now=later).status == RsvpStatus.WAITLISTED
    # RSVPing again while booked changes nothing.
    assert rsvp(member, first_session).status == RsvpStatus.GOING
    assert not chat_policies.can_read_room(first_waiting, first_session.room)
    assert chat_policies.can_read_room(member, first_session.room)

    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(member=member, session=first_session, now=later)

    statuses = dict(first_session.rsvps.values_list("member_id", "status"))
    assert statuses[member.pk] == RsvpStatus.CANCELLED
    assert statuses[first_waiting.pk] == RsvpStatus.GOING
    assert statuses[second_waiting.pk] == RsvpStatus.WAITLISTED
    assert Notification.objects.filter(recipient=first_waiting, kind="meetup_place").exists()
    # The room follows: the promoted member can read it, the one who left cannot.
    assert chat_policies.can_read_room(first_waiting, first_session.room)
    assert not chat_policies.can_read_room(member, first_session.room)


def test_no_promotion_within_ten_minutes_of_the_start(first_session, member, other_member):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    almost = first_session.starts_at - timedelta(minutes=9)
    services.rsvp_cancel(member=member, session=first_session, now=almost)
    assert Rsvp.objects.get(session=first_session, member=waiting).status == RsvpStatus.WAITLISTED


def test_rsvp_again_after_cancelling_goes_to_the_back_of_the_queue(
    first_session, member, other_member
):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    services.rsvp_cancel(member=member, session=first_session, now=NOW)
    assert rsvp(member, first_session, now=NOW + timedelta(minutes=5)).status == (
        RsvpStatus.WAITLISTED
    )


def test_refused_for_cancelled_past_and_started_sessions(
    monthly_series, first_session, support_worker, member
):
    with pytest.raises(ValidationError) as caught:
        rsvp(member, first_session, now=first_session.starts_at)
    assert caught.value.code == "past"
    with pytest.raises(ValidationError):
        rsvp(member, first_session, now=first_session.ends_at + timedelta(days=1))
    services.session_cancel(actor=support_worker, session=first_session, now=NOW)
    with pytest.raises(ValidationError) as caught:
        rsvp(member, first_session)
    assert caught.value.code == "cancelled"
    assert caught.value.messages[0]
    assert not Rsvp.objects.filter(member=member).exists()


def test_house_rules_must_be_accepted_and_asked_again_when_they_change(
    monthly_series, first_session, support_worker, member
):
    with pytest.raises(ValidationError) as caught:
        services.rsvp_create(
            member=member, session=first_session, house_rules_version=None, now=NOW
        )
    assert "accept_house_rules" in caught.value.message_dict
    services.series_update(
        actor=support_worker,
        series=monthly_series,
        data=replace(
            services.SeriesFields.from_series(monthly_series), house_rules="Strengere regels."
        ),
        now=NOW,
    )
    with pytest.raises(ValidationError):
        services.rsvp_create(member=member, session=first_session, house_rules_version=1, now=NOW)
    assert (
        services.rsvp_create(
            member=member, session=first_session, house_rules_version=2, now=NOW
        ).house_rules_version
        == 2
    )


def test_only_members_rsvp(first_session, pending_member):
    with pytest.raises(PermissionDenied):
        rsvp(pending_member, first_session)


def test_capacity_override_promotes_waiting_members(
    first_session, support_worker, member, other_member
):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    services.session_capacity_set(actor=support_worker, session=first_session, capacity=3, now=NOW)
    assert Rsvp.objects.get(session=first_session, member=waiting).status == RsvpStatus.GOING


def test_all_sessions_subscription_books_upcoming_and_future_sessions(monthly_series, member):
    services.series_subscribe(member=member, series=monthly_series, house_rules_version=1, now=NOW)
    assert Rsvp.objects.filter(member=member, status=RsvpStatus.GOING).count() == 3
    later = NOW + timedelta(days=60)
    services.sessions_generate(series=monthly_series, now=later)
    assert Rsvp.objects.filter(member=member, status=RsvpStatus.GOING).count() == 5
    services.series_unsubscribe(member=member, series=monthly_series, now=later)
    assert not SeriesSubscription.objects.filter(member=member).exists()
    assert (
        Rsvp.objects.filter(
            member=member, status=RsvpStatus.GOING, session__starts_at__gt=later
        ).count()
        == 0
    )


def test_late_place_does_not_jump_the_waiting_list(first_session, member, other_member):
    waiting, newcomer = TrustedMemberFactory(), TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    late = first_session.starts_at - timedelta(minutes=5)
    services.rsvp_cancel(member=member, session=first_session, now=late)
    assert rsvp(newcomer, first_session, now=late).status == RsvpStatus.WAITLISTED


def test_higher_series_capacity_promotes_waiting_members(
    monthly_series, first_session, support_worker, member, other_member
):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    data = replace(services.SeriesFields.from_series(monthly_series), capacity=5)
    services.series_update(actor=support_worker, series=monthly_series, data=data, now=NOW)
    assert Rsvp.objects.get(session=first_session, member=waiting).status == RsvpStatus.GOING
