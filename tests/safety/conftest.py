"""Fixtures for the safety warnings: a warning submitted through the service (so it is
redacted and held exactly as the form does it) and one already published."""

from datetime import date

import pytest

from community.moderation.services import content_approve
from community.safety.services import warning_submit

MULE_TEXT = (
    "Een man bood 500 euro als ik mijn bankpas en pincode een week zou uitlenen. "
    "Hij appte vanaf 0 6 - 1 2 3 4 5 6 7 8 en zei dat het 'voor een vriend' was."
)


@pytest.fixture
def submit(db):
    def make(*, actor, **overrides):
        fields = {
            "kind": "money_mule",
            "area": "amsterdam",
            "happened_on": date(2026, 11, 20),
            "what_happened": MULE_TEXT,
            "pattern": "Begint vriendelijk, vraagt dan om je pas.",
            "advice": "Leen nooit je bankpas uit.",
            "platform": "",
        }
        fields.update(overrides)
        return warning_submit(actor=actor, **fields)

    return make


@pytest.fixture
def publish(moderator):
    def make(warning):
        content_approve(warning, actor=moderator)
        warning.refresh_from_db()
        return warning

    return make


@pytest.fixture
def published(submit, publish, member):
    return publish(submit(actor=member))
