"""Meetups: a series (what, who hosts, when it repeats), its stored sessions, RSVPs.

A series carries a recurrence rule (community.recurrence, the one implementation shared
with the consultation hours). Sessions are stored rows generated ahead from the rule, so
each has its own status, capacity, chat room, iCal UID and sequence. A one-off meetup is
a series of one (frequency "once").

Who attends is private: only hosts see RSVPs (events.policies); rows are purged a while
after the session (`manage.py meetups_purge_attendance`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chat.models import Room
from community import recurrence
from community.moderation.models import Moderatable


class Topic(models.TextChoices):
    PEER = "peer", _("Peer circle")
    HEALTH = "health", _("Health")
    MONEY = "money", _("Money and paperwork")
    LEGAL = "legal", _("Rights and law")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Listed publicly (joining for members only)")


class SeriesStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")


# Languages a meetup can be held in (codes stored comma-separated on the series).
LANGUAGE_CHOICES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("th", _("Thai")),
]


class MeetupSeries(Moderatable):
    """What a meetup is about and when it repeats. A member's proposal is held in the
    moderation review queue (moderation_state held, status proposed) until approved."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    languages = models.CharField(
        _("languages"), max_length=64, default="nl", help_text=_("Language codes, e.g. nl,en.")
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.PEER)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)
    house_rules = models.TextField(_("house rules"), blank=True)
    house_rules_html = models.TextField(editable=False, blank=True)
    # Bumped whenever the house rules change, so members are asked to accept them again.
    house_rules_version = models.PositiveIntegerField(default=1, editable=False)
    capacity = models.PositiveIntegerField(_("places per session"), default=12)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    hide_attendee_count = models.BooleanField(_("hide the number of attendees"), default=False)
    # The rule, in Europe/Amsterdam wall time (community.recurrence.Rule).
    frequency = models.CharField(
        _("repeats"),
        max_length=16,
        choices=recurrence.Frequency.choices,
        default=recurrence.Frequency.MONTHLY,
    )
    weekday = models.SmallIntegerField(
        _("weekday"), choices=recurrence.Weekday.choices, default=recurrence.Weekday.TUESDAY
    )
    ordinal = models.SmallIntegerField(
        _("which week of the month"), choices=recurrence.Ordinal.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("start time"), default=time(19, 0))
    end_time = models.TimeField(_("end time"), default=time(20, 30))
    valid_from = models.DateField(_("first date"), default=date.today)
    valid_until = models.DateField(_("last date"), null=True, blank=True)
    # Shown only on the join page to RSVP'd members from 10 minutes before the start.
    video_url = models.URLField(_("video link (optional)"), blank=True)
    status = models.CharField(
        max_length=16, choices=SeriesStatus.choices, default=SeriesStatus.ACTIVE, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("meetup series")
        verbose_name_plural = _("meetup series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series", args=[self.pk])

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            frequency=self.frequency,
            weekday=self.weekday,
            start_time=self.start_time,
            end_time=self.end_time,
            valid_from=self.valid_from,
            ordinal=self.ordinal if self.frequency == recurrence.Frequency.MONTHLY else None,
            valid_until=self.valid_until,
        )

    def describe_rule(self) -> str:
        return recurrence.describe(self.rule)


class HostKind(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    GUEST = "guest", _("Guest (support worker)")


class SeriesHost(models.Model):
    series = models.ForeignKey(MeetupSeries, on_delete=models.CASCADE, related_name="hosts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_hosting"
    )
    kind = models.CharField(max_length=16, choices=HostKind.choices, default=HostKind.FACILITATOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="events_host_unique")
        ]
        verbose_name = _("host")
        verbose_name_plural = _("hosts")

    def __str__(self) -> str:
        return f"{self.series_id}:{self.member_id}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    MOVED = "moved", _("Moved")


def _new_uid() -> str:
    return f"{uuid.uuid4()}@kring"


class MeetupSession(models.Model):
    series = models.ForeignKey(MeetupSeries, on_delete=models.CASCADE, related_name="sessions")
    # The date the rule gave this session; generation never creates a second session
    # for it, even after a move.
    rule_date = models.DateField()
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    original_starts_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # Empty: the series' capacity.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    room = models.OneToOneField(
        Room,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetup_session",
    )
    ical_uid = models.CharField(max_length=80, unique=True, default=_new_uid, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "rule_date"], name="events_session_rule_date_unique"
            )
        ]
        verbose_name = _("meetup session")
        verbose_name_plural = _("meetup sessions")

    def __str__(self) -> str:
        return f"{self.series_id} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("events:session", args=[self.pk])

    @property
    def effective_capacity(self) -> int:
        return self.capacity if self.capacity is not None else self.series.capacity

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.status == SessionStatus.MOVED

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Rsvp(models.Model):
    session = models.ForeignKey(MeetupSession, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_rsvps"
    )
    status = models.CharField(max_length=16, choices=RsvpStatus.choices, default=RsvpStatus.GOING)
    # First come, first served on the waiting list: reset when a member RSVPs again.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    house_rules_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="events_rsvp_unique")
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}:{self.status}"


class SeriesSubscription(models.Model):
    """ "All sessions of this series": new sessions get an RSVP for the member."""

    series = models.ForeignKey(MeetupSeries, on_delete=models.CASCADE, related_name="subscriptions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_subscriptions"
    )
    house_rules_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="events_subscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series_id}:{self.member_id}"


class CalendarFeed(models.Model):
    """A member's personal iCal feed. Only a hash of the secret token is stored; the
    token is shown once, when made. Revoking deletes the row."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed:{self.member_id}"


class ReminderKind(models.TextChoices):
    DAY = "24h", _("24 hours before")
    SOON = "30m", _("30 minutes before")


class ReminderSent(models.Model):
    """One row per reminder sent: the unique constraint makes sending idempotent."""

    session = models.ForeignKey(MeetupSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member", "kind"], name="events_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.member_id}:{self.kind}"


class MeetupPreference(models.Model):
    """A member's meetup settings: e-mail reminders are off unless they opt in."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetup_preference"
    )
    email_reminders = models.BooleanField(_("also remind me by e-mail"), default=False)

    def __str__(self) -> str:
        return f"pref:{self.member_id}"
