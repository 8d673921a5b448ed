"""Demo safety warnings for a laptop: one published per kind that matters most, and
one waiting in the review queue. Called by `manage.py seed_demo` after the demo
accounts exist; idempotent (nothing is added when the demo member has warnings)."""

from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from community.moderation.services import content_approve
from community.policies import trusted_session
from community.safety.services import warning_submit

# (kind, area, days ago, what happened, how to recognise it, advice, publish?)
WARNINGS = [
    (
        "money_mule",
        "amsterdam",
        6,
        "Een man bood 500 euro als ik mijn bankrekening een maand zou 'uitlenen' voor "
        "een vriend. Hij appte vanaf 06 1 2 3 4 5 6 7 8.",
        "Vriendelijk, belooft snel en makkelijk geld, vraagt om je pas en pincode.",
        "Leen nooit je pas of rekening uit: je bent zelf aansprakelijk.",
        True,
    ),
    (
        "violence",
        "rotterdam",
        2,
        "Een klant werd agressief toen ik om betaling vooraf vroeg en duwde me tegen de muur.",
        "Boekt laat op de avond, wil niet vooraf betalen, wordt snel boos.",
        "Laat altijd iemand weten waar je bent en vraag betaling vooraf.",
        True,
    ),
    (
        "scam",
        "online",
        1,
        "Nepklant stuurt een 'betaalverzoek' met een link naar een valse banksite.",
        "Wil per se via een link betalen, heeft haast.",
        "",
        False,
    ),
]


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    users = get_user_model().objects
    member = users.filter(username="demo-lid").first()
    moderator = users.filter(username="demo-moderator").first()
    if member is None or moderator is None or member.safety_warnings.exists():
        return
    today = timezone.localdate()
    for kind, area, days_ago, what, pattern, advice, publish in WARNINGS:
        warning = warning_submit(
            actor=member,
            kind=kind,
            area=area,
            happened_on=today - timedelta(days=days_ago),
            what_happened=what,
            pattern=pattern,
            advice=advice,
        )
        if publish:
            content_approve(warning, actor=trusted_session(moderator), reason="demo")
    stdout.write(f"Safety warnings: {len(WARNINGS)} (one waits in the review queue)\n")
