"""Reminders go out 24 hours and 30 minutes before, exactly once, however often the
command runs; e-mail only to members who set an address and opted in, neutrally."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command

from community.notifications.models import Notification
from events import services
from events.models import ReminderSent
from tests.events.conftest import rsvp


def test_each_reminder_once_in_app_and_by_email_only_when_opted_in(
    monthly_series, first_session, member, other_member
):
    rsvp(member, first_session)
    rsvp(other_member, first_session)
    member.email = "lid@example.org"
    member.save()
    services.reminder_preference_set(member=member, email_reminders=True)
    other_member.email = "ander@example.org"
    other_member.save()

    day_before = first_session.starts_at - timedelta(hours=23)
    assert services.reminders_send(now=day_before) == 2
    assert services.reminders_send(now=day_before + timedelta(minutes=1)) == 0
    half_hour = first_session.starts_at - timedelta(minutes=29)
    assert services.reminders_send(now=half_hour) == 2
    assert services.reminders_send(now=half_hour) == 0
    assert ReminderSent.objects.count() == 4
    assert Notification.objects.filter(kind="meetup_reminder", recipient=member).count() == 2
    assert [m.to for m in mail.outbox] == [["lid@example.org"], ["lid@example.org"]]
    for message in mail.outbox:
        assert monthly_series.title not in message.subject + message.body
        assert "meet.example.org" not in message.body


def test_nothing_far_ahead_and_nothing_for_cancelled(first_session, member, support_worker):
    rsvp(member, first_session)
    assert services.reminders_send(now=first_session.starts_at - timedelta(hours=25)) == 0
    services.session_cancel(
        actor=support_worker,
        session=first_session,
        now=first_session.starts_at - timedelta(hours=26),
    )
    assert services.reminders_send(now=first_session.starts_at - timedelta(minutes=20)) == 0


def test_commands_run(monthly_series, capsys):
    call_command("meetups_send_reminders")
    call_command("meetups_generate_sessions")
    call_command("meetups_purge_attendance")
    out = capsys.readouterr().out
    assert "reminder" in out
    assert "session" in out
    assert "RSVP" in out
