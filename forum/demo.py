"""Demo forum for a laptop: categories and a few threads in the community's own voice.

Called by `manage.py seed_demo` after the demo accounts exist. Idempotent: categories
are matched by name and threads by title, so running it twice adds nothing.
"""

from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from community.moderation.models import MemberTrust, TrustLevel
from forum import services
from forum.models import Access, Category, Reaction, Thread

CATEGORIES = [
    ("Voorstellen", "Nieuw hier? Vertel iets over jezelf: alleen wat jij wilt delen.", {}),
    (
        "Werk en veiligheid",
        "Ervaringen en tips over veilig werken: klanten, locaties, afspraken.",
        {},
    ),
    (
        "Geld, belasting en regelingen",
        "Belastingdienst, KvK, toeslagen, schulden: samen komen we eruit.",
        {},
    ),
    ("Gezondheid", "Lichaam en hoofd: soa-testen, slapen, stress, hulp zoeken.", {}),
    ("Even kwijt", "Voor als je je verhaal kwijt wilt. Luisteren gaat hier voor advies.", {}),
    (
        "Mededelingen",
        "Nieuws van de moderatoren en hulpverleners. Reageren mag.",
        {"post_access": Access.MEMBERS},
    ),
    (
        "Moderatorenoverleg",
        "Alleen voor moderatoren en hulpverleners.",
        {"read_access": Access.STAFF, "post_access": Access.STAFF},
    ),
]

# (category, author, title, opening post, replies as (author, text))
THREADS = [
    (
        "Voorstellen",
        "roos",
        "Hoi allemaal, ik ben Roos",
        "Ik werk al een paar jaar zelfstandig en zocht al heel lang een plek waar ik "
        "gewoon kan praten zonder dat ik alles hoef uit te leggen. Fijn dat dit er is.",
        [
            ("jade", "Welkom Roos! Hier hoef je inderdaad niks uit te leggen."),
            (
                "demo-hulpverlener",
                "Welkom! Ik ben hulpverlener bij de GGD. Als je ergens mee zit, kun je "
                "me hier of via de hulplijn altijd iets vragen.",
            ),
        ],
    ),
    (
        "Werk en veiligheid",
        "jade",
        "Hoe check jij een nieuwe klant?",
        "Ik merk dat ik de laatste tijd vaker twijfel bij nieuwe afspraken. Wat doen "
        "jullie om een beetje in te schatten of iemand oké is?\n\n"
        "- Vragen jullie om een tweede contactmoment?\n"
        "- Laten jullie iemand weten waar je bent?",
        [
            (
                "roos",
                "Ik laat altijd een vriendin weten waar ik ben en spreek een tijd af "
                "waarop ik me meld. Als ik me niet meld, belt ze.",
            ),
            (
                "demo-moderator",
                "Goede vraag. Let op: deel hier geen namen, nummers of kentekens van "
                "klanten. Gebruik daarvoor de veiligheidsmeldingen, dan kijkt een "
                "moderator mee.",
            ),
        ],
    ),
    (
        "Geld, belasting en regelingen",
        "roos",
        "Voorlopige aanslag: wat nu?",
        "Ik kreeg een voorlopige aanslag die veel hoger is dan ik had verwacht. Heeft "
        "iemand ervaring met het aanpassen daarvan?",
        [
            (
                "demo-hulpverlener",
                "Je kunt een voorlopige aanslag laten aanpassen via Mijn Belastingdienst. "
                "Bij het Sociaal Plein kun je gratis hulp krijgen bij het invullen.",
            ),
        ],
    ),
    (
        "Even kwijt",
        "jade",
        "Soms is het gewoon zwaar",
        "Geen vraag, ik wil het gewoon even ergens kwijt. Deze week was veel. "
        "Bedankt dat ik het hier kan zeggen.",
        [("roos", "Dank je dat je het deelt. Ik herken het. Je staat er niet alleen voor.")],
    ),
]


def _author(username: str):
    """Demo authors: the seeded demo accounts, plus two forum regulars who cannot log in."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"status": user_model.Status.APPROVED}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    # Demo content is published, not held as a newcomer's first posts.
    MemberTrust.objects.get_or_create(
        member=user, defaults={"level": TrustLevel.MEMBER, "locked": True}
    )
    return user


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    categories = {}
    for order, (name, description, access) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(
            name=name, defaults={"description": description, "order": order, **access}
        )
        categories[name] = category
    created = 0
    for category_name, author, title, body, replies in THREADS:
        category = categories[category_name]
        if Thread.objects.filter(category=category, title=title).exists():
            continue
        thread = services.thread_create(
            actor=_author(author), category=category, title=title, body=body
        )
        for reply_author, text in replies:
            post = services.post_create(actor=_author(reply_author), thread=thread, body=text)
            Reaction.objects.get_or_create(post=post, member=_author(author), kind="heart")
        created += 1
    stdout.write(
        f"Forum: {len(categories)} categories, {created} new demo threads "
        f"({Thread.objects.count()} in total).\n"
    )
