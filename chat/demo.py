"""Demo chat rooms for a laptop, with a few messages in the community's own voice.

Called by `manage.py seed_demo` after the demo accounts exist. Idempotent: rooms are
matched by address and each demo message has a fixed client id, so a second run
stores nothing new (message_post answers a known id with the stored message).
"""

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from chat import services
from chat.models import Room, RoomKind
from community.moderation.models import MemberTrust, TrustLevel
from community.policies import trusted_session

# (slug, name, kind, language, description, extra fields)
ROOMS = [
    ("koffiekamer", "Koffiekamer", RoomKind.COMMUNITY, "", "Even bijpraten, over alles.", {}),
    (
        "geld-en-papierwerk",
        "Geld & papierwerk / Money & paperwork",
        RoomKind.COMMUNITY,
        "",
        "Belasting, KvK, toeslagen, schulden. Taxes, benefits, debts.",
        {},
    ),
    ("english-room", "English room", RoomKind.COMMUNITY, "en", "Chat in English.", {}),
    (
        "mededelingen",
        "Mededelingen",
        RoomKind.ANNOUNCEMENTS,
        "",
        "Nieuws van hulpverleners en moderatoren.",
        {},
    ),
    (
        "moderatoren",
        "Moderatoren",
        RoomKind.MODERATORS,
        "",
        "Alleen voor moderatoren.",
        # The team's own room keeps its history.
        {"retention_days": None},
    ),
]

# (room slug, author, client id, text, the client id it answers)
MESSAGES = [
    ("koffiekamer", "roos", "demo-1", "Goedemorgen allemaal! Iemand al koffie op?", None),
    ("koffiekamer", "jade", "demo-2", "Net mijn tweede kop. Rustige dag vandaag.", "demo-1"),
    (
        "koffiekamer",
        "demo-moderator",
        "demo-3",
        "Welkom in de Koffiekamer. Deel hier geen namen of nummers van klanten: daar zijn "
        "de veiligheidsmeldingen voor.",
        None,
    ),
    (
        "geld-en-papierwerk",
        "roos",
        "demo-4",
        "Weet iemand tot wanneer je uitstel kunt vragen voor de aangifte?",
        None,
    ),
    (
        "geld-en-papierwerk",
        "demo-hulpverlener",
        "demo-5",
        "Tot 1 mei, via Mijn Belastingdienst. Bij het Sociaal Plein helpen ze gratis.",
        "demo-4",
    ),
    ("english-room", "jade", "demo-6", "Hi! Anyone here who just moved to the city?", None),
    (
        "mededelingen",
        "demo-hulpverlener",
        "demo-7",
        "Het GGD-spreekuur is volgende week op **donderdag** in plaats van woensdag.",
        None,
    ),
    (
        "moderatoren",
        "demo-moderator",
        "demo-8",
        "Overleg: slow mode in de Koffiekamer als het druk wordt?",
        None,
    ),
]


def _author(username: str):
    """The seeded demo accounts, plus two regulars who cannot log in; trusted, so
    demo messages are not held as a newcomer's first ones, and acting as a verified
    session, since an operator runs the seed."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"status": user_model.Status.APPROVED}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    MemberTrust.objects.get_or_create(
        member=user, defaults={"level": TrustLevel.MEMBER, "locked": True}
    )
    return trusted_session(user)


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    rooms = {}
    for order, (slug, name, kind, language, description, extra) in enumerate(ROOMS):
        rooms[slug], _created = Room.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "language": language,
                "description": description,
                "order": order,
                **extra,
            },
        )
    authors: dict[str, object] = {}
    seqs: dict[str, int] = {}
    created = 0
    for slug, username, client_id, text, answers in MESSAGES:
        author = authors.setdefault(username, _author(username))
        posted = services.message_post(
            actor=author,
            room=rooms[slug],
            body=text,
            client_id=client_id,
            reply_to_seq=seqs.get(answers) if answers else None,
        )
        seqs[client_id] = posted.message.seq
        created += posted.created
    stdout.write(f"Chat: {len(rooms)} rooms, {created} new demo messages.\n")
