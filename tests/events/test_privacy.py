"""Who attends is private: only hosts see names; others a count, or nothing when the
hosts hide it. Attendance is purged after the session; the member-data registry
exports and deletes RSVPs."""

from datetime import timedelta

from community.registries.member_data import member_data_sources
from events import selectors, services
from events.models import MeetupSeries, Rsvp, RsvpStatus, SeriesStatus
from tests.events.conftest import NOW, fields, rsvp
from tests.factories import TrustedMemberFactory


def test_only_hosts_see_who_is_coming(
    monthly_series, first_session, member_host, member, other_member, moderator
):
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    host_view = selectors.session_attendance(viewer=member_host, session=first_session)
    assert set(host_view.going) == {member, other_member}
    member_view = selectors.session_attendance(viewer=member, session=first_session)
    assert member_view.going == []
    assert member_view.waiting == []
    assert member_view.count == 2
    monthly_series.hide_attendee_count = True
    monthly_series.save()
    first_session.refresh_from_db()
    assert selectors.session_attendance(viewer=member, session=first_session).count is None
    assert selectors.session_attendance(viewer=member_host, session=first_session).count == 2


def test_video_link_only_for_going_members_from_ten_minutes_before(
    first_session, member, other_member
):
    rsvp(member, first_session)
    early = first_session.starts_at - timedelta(minutes=11)
    open_ = first_session.starts_at - timedelta(minutes=10)
    assert selectors.video_link_for(viewer=member, session=first_session, now=early) is None
    link = selectors.video_link_for(viewer=member, session=first_session, now=open_)
    assert link == first_session.series.video_url
    assert selectors.video_link_for(viewer=other_member, session=first_session, now=open_) is None
    after = first_session.ends_at
    assert selectors.video_link_for(viewer=member, session=first_session, now=after) is None


def test_attendance_rows_are_purged_after_the_retention(first_session, member):
    rsvp(member, first_session)
    soon = first_session.ends_at + timedelta(days=1)
    assert services.attendance_purge(now=soon) == 0
    late = first_session.ends_at + timedelta(days=services.attendance_purge_days() + 1)
    assert services.attendance_purge(now=late) == 1
    assert not Rsvp.objects.exists()


def test_member_data_export_and_erase_cover_rsvps_and_release_places(
    first_session, member, other_member
):
    waiting = TrustedMemberFactory()
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    rsvp(waiting, first_session)
    services.calendar_feed_create(member=member)
    proposal = services.series_propose(actor=member, data=fields(title="Mijn idee"), now=NOW)
    source = next(s for s in member_data_sources() if s.name == "events")
    exported = source.export(member)
    assert exported["rsvps"][0]["status"] == RsvpStatus.GOING
    assert exported["proposals"][0]["title"] == "Mijn idee"
    assert exported["calendar_feed"] is True
    source.erase(member)
    assert not Rsvp.objects.filter(member=member).exists()
    assert not MeetupSeries.objects.filter(pk=proposal.pk).exists()
    # Erasing happens now, before the session: the freed place went to the next one.
    assert Rsvp.objects.get(member=waiting).status == RsvpStatus.GOING


def test_anonymise_keeps_a_running_series_under_the_former_member(member, moderator):
    series = services.series_propose(actor=member, data=fields(), now=NOW)
    MeetupSeries.objects.filter(pk=series.pk).update(status=SeriesStatus.ACTIVE)
    former = TrustedMemberFactory()
    source = next(s for s in member_data_sources() if s.name == "events")
    source.anonymise(member, former)
    series.refresh_from_db()
    assert series.proposed_by == former
    assert not series.hosts.filter(member=member).exists()
