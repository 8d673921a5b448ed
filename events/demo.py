"""Demo meetups for a laptop: a monthly peer circle, an evening with a GGD nurse and a
money-and-paperwork session with the Sociaal Plein.

Called by `manage.py seed_demo` after the demo accounts exist. Idempotent: a series is
matched by its title, so a second run creates nothing new (it only generates sessions
that came into the 90-day window since).
"""

from datetime import time, timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from community import recurrence
from community.policies import trusted_session
from events import services
from events.models import MeetupSeries, Topic, Visibility

HOUSE_RULES = (
    "- Wat hier gedeeld wordt, blijft hier.\n"
    "- Geen namen of foto's van anderen.\n"
    "- Je hoeft niets te vertellen: luisteren mag ook."
)

SERIES = [
    (
        "Lotgenotenkring",
        {
            "description": "Elke maand praten we met elkaar over werk, gezondheid en wat "
            "er speelt. Een ervaren lid begeleidt het gesprek.",
            "languages": ("nl", "en"),
            "topic": Topic.PEER,
            "frequency": recurrence.Frequency.MONTHLY,
            "weekday": recurrence.Weekday.TUESDAY,
            "ordinal": recurrence.Ordinal.SECOND,
            "start_time": time(19, 0),
            "end_time": time(20, 30),
            "capacity": 12,
            "accessibility_notes": "Chat en video; je camera mag uit.",
        },
        ["roos"],
        [],
    ),
    (
        "Avond met de GGD-verpleegkundige",
        {
            "description": "Vragen over soa's, PrEP, vaccinaties of je gezondheid? De "
            "verpleegkundige van de GGD beantwoordt ze anoniem.",
            "languages": ("nl", "en", "es"),
            "topic": Topic.HEALTH,
            "frequency": recurrence.Frequency.MONTHLY,
            "weekday": recurrence.Weekday.THURSDAY,
            "ordinal": recurrence.Ordinal.FIRST,
            "start_time": time(20, 0),
            "end_time": time(21, 0),
            "capacity": 20,
            "visibility": Visibility.PUBLIC,
            "hide_attendee_count": True,
        },
        [],
        ["demo-hulpverlener"],
    ),
    (
        "Geld & papierwerk met het Sociaal Plein",
        {
            "description": "Belastingaangifte, KvK, toeslagen en schulden: een "
            "medewerker van het Sociaal Plein helpt je op weg.",
            "languages": ("nl",),
            "topic": Topic.MONEY,
            "frequency": recurrence.Frequency.MONTHLY,
            "weekday": recurrence.Weekday.WEDNESDAY,
            "ordinal": recurrence.Ordinal.LAST,
            "start_time": time(14, 0),
            "end_time": time(15, 30),
            "capacity": 8,
            "visibility": Visibility.PUBLIC,
        },
        [],
        ["demo-hulpverlener"],
    ),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    organiser = _user("demo-hulpverlener") or _user("demo-moderator")
    if organiser is None:
        stdout.write("Events: no demo support worker; skipped.\n")
        return
    actor = trusted_session(organiser)
    created = 0
    start = timezone.localdate() - timedelta(days=1)
    for title, values, facilitators, guests in SERIES:
        existing = MeetupSeries.objects.filter(title=title).first()
        if existing is not None:
            services.sessions_generate(series=existing)
            continue
        data = services.SeriesFields(
            title=title, valid_from=start, house_rules=HOUSE_RULES, **values
        )
        services.series_create(
            actor=actor,
            data=data,
            facilitators=[u for u in map(_user, facilitators) if u is not None],
            guests=[u for u in map(_user, guests) if u is not None],
        )
        created += 1
    stdout.write(f"Events: {created} new demo meetup series.\n")
