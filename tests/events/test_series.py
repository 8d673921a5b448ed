"""Creating, proposing and editing series; generating sessions; cancel and move."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chat import policies as chat_policies
from chat.models import RoomKind
from community import recurrence
from community.moderation.models import ModerationState, ReviewItem
from community.moderation.services import content_approve, content_reject
from community.notifications.models import Notification
from events import services
from events.models import MeetupSeries, MeetupSession, RsvpStatus, SeriesStatus, SessionStatus
from tests.events.conftest import NOW, fields, rsvp
from tests.factories import SupportWorkerFactory, TrustedMemberFactory
from tests.helpers import unverified


def test_session_has_a_meetup_room_open_ten_minutes_before(first_session, member_host):
    room = first_session.room
    assert room.kind == RoomKind.MEETUP
    assert room.opens_at == first_session.starts_at - timedelta(minutes=10)
    assert room.closes_at == first_session.ends_at
    assert room.purge_after_close_hours == services.room_purge_hours()
    # The host is a participant from the start; nobody else.
    assert chat_policies.can_read_room(member_host, room)


def test_generation_is_idempotent_and_leaves_cancelled_and_moved_alone(
    monthly_series, support_worker
):
    first, second, _third = monthly_series.sessions.order_by("starts_at")
    services.session_cancel(actor=support_worker, session=first, now=NOW)
    new_start = second.starts_at + timedelta(days=1)
    services.session_move(
        actor=support_worker,
        session=second,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
        now=NOW,
    )
    assert services.sessions_generate(series=monthly_series, now=NOW) == 0
    assert services.sessions_generate_all(now=NOW) == 0
    assert monthly_series.sessions.count() == 3
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED
    assert second.status == SessionStatus.MOVED
    assert second.starts_at == new_start
    assert second.original_starts_at is not None
    assert second.ical_uid
    assert second.ical_sequence == 1
    # A later run generates further ahead only.
    later = NOW + timedelta(days=40)
    assert services.sessions_generate(series=monthly_series, now=later) == 2
    assert list(monthly_series.sessions.values_list("rule_date", flat=True))[-2:] == [
        date(2027, 5, 11),
        date(2027, 6, 8),
    ]


def test_only_staff_in_a_verified_session_create(member, support_worker):
    with pytest.raises(PermissionDenied):
        services.series_create(actor=member, data=fields(), now=NOW)
    with pytest.raises(PermissionDenied):
        services.series_create(actor=unverified(support_worker), data=fields(), now=NOW)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": time(18, 0)}, "end_time"),
        # The fifth... there is no "second Tuesday" before a past end date: no sessions.
        ({"valid_until": date(2026, 12, 31), "valid_from": date(2026, 12, 20)}, "valid_until"),
        ({"frequency": recurrence.Frequency.ONCE, "valid_from": date(2027, 1, 2)}, "valid_until"),
        ({"ordinal": None}, "ordinal"),
        ({"capacity": 0}, "capacity"),
        ({"languages": ()}, "languages"),
        ({"video_url": "javascript:alert(1)"}, "video_url"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_series_input_is_refused_with_a_field_message(support_worker, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.series_create(actor=support_worker, data=fields(**overrides), now=NOW)
    assert field in caught.value.message_dict
    assert caught.value.message_dict[field][0]
    assert not MeetupSeries.objects.exists()


def test_capacity_below_places_taken_is_refused_and_nothing_lost(
    monthly_series, first_session, support_worker, member, other_member
):
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    with pytest.raises(ValidationError) as caught:
        services.series_update(
            actor=support_worker, series=monthly_series, data=fields(capacity=1), now=NOW
        )
    assert "capacity" in caught.value.message_dict
    monthly_series.refresh_from_db()
    assert monthly_series.capacity == 2
    assert first_session.rsvps.filter(status=RsvpStatus.GOING).count() == 2
    with pytest.raises(ValidationError):
        services.session_capacity_set(
            actor=support_worker, session=first_session, capacity=1, now=NOW
        )


def test_changed_house_rules_get_a_new_version(monthly_series, support_worker):
    services.series_update(
        actor=support_worker,
        series=monthly_series,
        data=fields(house_rules="Nieuwe regels."),
        now=NOW,
    )
    monthly_series.refresh_from_db()
    assert monthly_series.house_rules_version == 2
    services.series_update(
        actor=support_worker,
        series=monthly_series,
        data=fields(house_rules="Nieuwe regels.", title="Andere titel"),
        now=NOW,
    )
    monthly_series.refresh_from_db()
    assert monthly_series.house_rules_version == 2


def test_changed_rule_moves_scheduled_sessions_and_cancels_booked_dropped_ones(
    monthly_series, support_worker, member
):
    first, second, _third = monthly_series.sessions.order_by("starts_at")
    rsvp(member, first)
    # Now the first Wednesday: Tuesday dates drop out; the booked one is cancelled.
    services.series_update(
        actor=support_worker,
        series=monthly_series,
        data=fields(weekday=recurrence.Weekday.WEDNESDAY, ordinal=recurrence.Ordinal.FIRST),
        now=NOW,
    )
    first.refresh_from_db()
    assert first.status == SessionStatus.CANCELLED
    assert not MeetupSession.objects.filter(pk=second.pk).exists()
    assert set(
        monthly_series.sessions.exclude(status=SessionStatus.CANCELLED).values_list(
            "rule_date", flat=True
        )
    ) == {date(2027, 2, 3), date(2027, 3, 3), date(2027, 4, 7)}


def test_description_goes_through_the_sanitiser(support_worker):
    series = services.series_create(
        actor=support_worker,
        data=fields(description="<script>alert(1)</script> **vet**"),
        now=NOW,
    )
    assert "<script>" not in series.description_html
    assert "<strong>vet</strong>" in series.description_html


def test_cancel_and_move_notify_booked_and_waiting_neutrally(
    monthly_series,
    first_session,
    support_worker,
    member,
    other_member,
    django_capture_on_commit_callbacks,
):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    assert rsvp(waiting, first_session).status == RsvpStatus.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=support_worker, session=first_session, now=NOW)
    notes = Notification.objects.filter(kind="meetup_cancelled")
    assert {n.recipient_id for n in notes} == {member.pk, other_member.pk, waiting.pk}
    assert all(monthly_series.title not in n.text for n in notes)
    with pytest.raises(ValidationError):
        services.session_cancel(actor=support_worker, session=first_session, now=NOW)
    with pytest.raises(ValidationError):
        services.session_move(
            actor=support_worker,
            session=first_session,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=1),
            now=NOW,
        )
    second = monthly_series.sessions.order_by("starts_at")[1]
    rsvp(member, second)
    with pytest.raises(ValidationError) as caught:
        services.session_move(
            actor=support_worker,
            session=second,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=2),
            now=NOW,
        )
    assert "ends_at" in caught.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.session_move(
            actor=support_worker,
            session=second,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=1),
            now=NOW,
        )
    assert Notification.objects.filter(kind="meetup_moved", recipient=member).exists()
    second.refresh_from_db()
    assert second.room.opens_at == NOW + timedelta(days=3) - timedelta(minutes=10)


def test_member_proposal_waits_for_review_and_approval_generates_sessions(
    member, moderator, django_capture_on_commit_callbacks
):
    series = services.series_propose(actor=member, data=fields(), now=NOW)
    assert series.status == SeriesStatus.PROPOSED
    assert series.moderation_state == ModerationState.HELD
    assert series.sessions.count() == 0
    assert series.hosts.filter(member=member).exists()
    assert ReviewItem.objects.filter(
        object_id=str(series.pk), status=ReviewItem.Status.OPEN
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        content_approve(series, actor=moderator)
    series.refresh_from_db()
    assert series.status == SeriesStatus.ACTIVE
    assert series.sessions.exists()
    assert Notification.objects.filter(recipient=member, kind="meetup_approved").exists()


def test_rejected_proposal(member, moderator):
    series = services.series_propose(actor=member, data=fields(), now=NOW)
    content_reject(series, actor=moderator, reason="Past niet bij Kring.")
    series.refresh_from_db()
    assert series.status == SeriesStatus.REJECTED
    assert series.moderation_state == ModerationState.HIDDEN
    assert series.sessions.count() == 0


def test_silenced_member_cannot_propose(member):
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    with pytest.raises(PermissionDenied) as caught:
        services.series_propose(actor=member, data=fields(), now=NOW)
    assert str(caught.value)
    assert not MeetupSeries.objects.exists()


def test_facilitator_confirms_upcoming_sessions(first_session, member_host, member):
    services.session_confirm(actor=member_host, session=first_session, now=NOW)
    first_session.refresh_from_db()
    assert first_session.confirmed_by == member_host
    with pytest.raises(PermissionDenied):
        services.session_confirm(actor=member, session=first_session, now=NOW)


def test_one_off_meetup_is_a_series_of_one(support_worker):
    series = services.series_create(
        actor=support_worker,
        data=fields(
            frequency=recurrence.Frequency.ONCE, valid_from=date(2027, 3, 30), ordinal=None
        ),
        now=NOW,
    )
    assert list(series.sessions.values_list("rule_date", flat=True)) == [date(2027, 3, 30)]


def test_autumn_sessions_keep_local_time(support_worker):
    now = datetime(2027, 10, 27, 8, tzinfo=UTC)  # summer time ends on 31 October
    series = services.series_create(
        actor=support_worker,
        data=fields(
            frequency=recurrence.Frequency.WEEKLY,
            weekday=recurrence.Weekday.SATURDAY,
            ordinal=None,
            valid_from=date(2027, 10, 1),
        ),
        now=now,
    )
    first, second = series.sessions.order_by("starts_at")[:2]
    assert first.rule_date == date(2027, 10, 30)
    for session in (first, second):
        assert session.starts_at.astimezone(recurrence.AMSTERDAM).time() == time(19, 0)
    assert second.starts_at - first.starts_at == timedelta(days=7, hours=1)


def test_proposal_with_personal_information_is_refused(member):
    with pytest.raises(ValidationError) as caught:
        services.series_propose(
            actor=member,
            data=fields(description="Bel me op 06-12345678 of mail jan@example.org"),
            now=NOW,
        )
    assert "description" in caught.value.message_dict
    assert not MeetupSeries.objects.exists()


def test_guests_must_be_support_workers_and_facilitators_members(
    support_worker, member, pending_member
):
    with pytest.raises(ValidationError) as caught:
        services.series_create(actor=support_worker, data=fields(), guests=[member], now=NOW)
    assert "guests" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.series_create(
            actor=support_worker, data=fields(), facilitators=[pending_member], now=NOW
        )
    assert "facilitators" in caught.value.message_dict
    assert not MeetupSeries.objects.exists()
    series = services.series_create(
        actor=support_worker,
        data=fields(),
        facilitators=[member],
        guests=[unverified(SupportWorkerFactory())],
        now=NOW,
    )
    assert series.hosts.count() == 2
