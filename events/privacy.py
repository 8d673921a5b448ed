"""Meetups' part of a member's data export and account deletion (registered with
community.registries.member_data in events.apps).

Attendance is not authorship: erasing and anonymising both delete the member's RSVPs,
subscriptions, host rows, feed and preferences (a freed place still goes to the next on
the waiting list). Proposals still waiting for review are deleted on erasure; a series
that is running stays, without the proposer (erase) or credited to the former-member
account (anonymise).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from community.models import User
from events import services
from events.models import (
    CalendarFeed,
    MeetupPreference,
    MeetupSeries,
    Rsvp,
    RsvpStatus,
    SeriesHost,
    SeriesStatus,
    SeriesSubscription,
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def events_member_export(member: User) -> dict[str, Any]:
    preference = MeetupPreference.objects.filter(member=member).first()
    return {
        "rsvps": [
            {
                "meetup": rsvp.session.series.title,
                "starts_at": _iso(rsvp.session.starts_at),
                "status": rsvp.status,
                "created_at": _iso(rsvp.created_at),
                "house_rules_version": rsvp.house_rules_version,
            }
            for rsvp in Rsvp.objects.filter(member=member)
            .select_related("session__series")
            .order_by("created_at", "pk")
        ],
        "all_sessions_of": [
            sub.series.title
            for sub in SeriesSubscription.objects.filter(member=member).select_related("series")
        ],
        "hosting": [
            {"meetup": host.series.title, "as": host.kind}
            for host in SeriesHost.objects.filter(member=member).select_related("series")
        ],
        "proposals": [
            {
                "title": series.title,
                "description": series.description,
                "status": series.status,
                "created_at": _iso(series.created_at),
            }
            for series in MeetupSeries.objects.filter(proposed_by=member).order_by("pk")
        ],
        "calendar_feed": CalendarFeed.objects.filter(member=member).exists(),
        "email_reminders": bool(preference and preference.email_reminders),
    }


def _release_places(member: User) -> None:
    now = timezone.now()
    booked = Rsvp.objects.filter(
        member=member, status=RsvpStatus.GOING, session__starts_at__gt=now
    ).select_related("session")
    for rsvp in booked:
        services.rsvp_cancel(member=member, session=rsvp.session, now=now)


def _forget(member: User) -> None:
    _release_places(member)
    Rsvp.objects.filter(member=member).delete()
    SeriesSubscription.objects.filter(member=member).delete()
    SeriesHost.objects.filter(member=member).delete()
    CalendarFeed.objects.filter(member=member).delete()
    MeetupPreference.objects.filter(member=member).delete()


@transaction.atomic
def events_member_erase(member: User) -> None:
    _forget(member)
    MeetupSeries.objects.filter(proposed_by=member, status=SeriesStatus.PROPOSED).delete()
    MeetupSeries.objects.filter(proposed_by=member).update(proposed_by=None)


@transaction.atomic
def events_member_anonymise(member: User, former_member: User) -> None:
    _forget(member)
    MeetupSeries.objects.filter(proposed_by=member).update(proposed_by=former_member)
