"""The areas a warning can be about, in general terms: a city or region, or online.

A fixed list (settings.KRING_SAFETY_AREAS overrides it), not free text: members filter
by area and ask for urgent warnings per area, so "Amsterdam", "A'dam" and "amsterdam
centrum" must be one choice — and a free-text place invites a street or a building.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

ONLINE = "online"
ELSEWHERE = "elsewhere"
DEFAULT_AREAS: tuple[tuple[str, str], ...] = (
    ("amsterdam", "Amsterdam"),
    ("rotterdam", "Rotterdam"),
    ("den-haag", "Den Haag"),
    ("utrecht", "Utrecht"),
    ("eindhoven", "Eindhoven"),
    ("groningen", "Groningen"),
    ("arnhem-nijmegen", "Arnhem / Nijmegen"),
    (ELSEWHERE, _("Elsewhere in the Netherlands")),
    (ONLINE, _("Online (a website, app or platform)")),
)


def area_choices() -> list[tuple[str, str]]:
    """(slug, label) pairs, labels in the active language."""
    return [
        (slug, str(label)) for slug, label in getattr(settings, "KRING_SAFETY_AREAS", DEFAULT_AREAS)
    ]


def area_label(slug: str) -> str:
    return dict(area_choices()).get(slug, slug)


def is_area(slug: str) -> bool:
    return slug in dict(area_choices())
