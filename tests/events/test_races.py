"""Concurrent RSVPs and cancellations never book more places than there are, and a
freed place goes to exactly one waiting member. On PostgreSQL the threads really run
at once (the session row is locked with SELECT ... FOR UPDATE); SQLite has one writer,
so there the same work runs one after the other and the same totals must hold."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Rsvp, RsvpStatus
from tests.events.conftest import NOW, fields
from tests.factories import SupportWorkerFactory, TrustedMemberFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _run_all(work, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    if connection.vendor == "sqlite":
        for index in range(count):
            try:
                work(index)
            except BaseException as error:  # reported by the test
                errors.append(error)
        return errors
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_parallel_rsvps_and_cancellations_never_overbook():
    series = services.series_create(actor=SupportWorkerFactory(), data=fields(capacity=3), now=NOW)
    session = series.sessions.order_by("starts_at").first()
    members = [TrustedMemberFactory() for _ in range(8)]

    def book(index: int) -> None:
        services.rsvp_create(member=members[index], session=session, house_rules_version=1, now=NOW)

    assert _run_all(book, len(members)) == []
    assert Rsvp.objects.filter(session=session, status=RsvpStatus.GOING).count() == 3
    assert Rsvp.objects.filter(session=session, status=RsvpStatus.WAITLISTED).count() == 5

    going = list(
        Rsvp.objects.filter(session=session, status=RsvpStatus.GOING).values_list(
            "member_id", flat=True
        )
    )
    leavers = [m for m in members if m.pk in going][:2]

    def leave(index: int) -> None:
        services.rsvp_cancel(member=leavers[index], session=session, now=NOW)

    assert _run_all(leave, len(leavers)) == []
    assert Rsvp.objects.filter(session=session, status=RsvpStatus.GOING).count() == 3
    assert Rsvp.objects.filter(session=session, status=RsvpStatus.WAITLISTED).count() == 3
