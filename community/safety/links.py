"""Where a warning page points for help. Paths, not imports: the help desk and the
information pages are other parts of Kring, linked by their addresses."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

HELP_DESK_PATH = "/help/"
# The information page on reporting violence or threats, per language (its slugs in
# community/info's content); settings.KRING_SAFETY_INFO_PATHS overrides them.
INFO_PATHS = {
    "nl": "/nl/geweld-of-bedreiging-melden/",
    "en": "/en/reporting-violence-or-threats/",
}
# Ugly Mugs NL may keep identifying reports (with the data-protection authority's
# permit); Kring may not.
UGLY_MUGS_URL = "https://www.uglymugs.nl/"


@dataclass(frozen=True)
class HelpLinks:
    help_desk: str
    violence_info: str
    ugly_mugs: str


def help_links() -> HelpLinks:
    paths = getattr(settings, "KRING_SAFETY_INFO_PATHS", INFO_PATHS)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return HelpLinks(
        help_desk=getattr(settings, "KRING_HELP_DESK_PATH", HELP_DESK_PATH),
        violence_info=paths.get(language) or paths.get(settings.LANGUAGE_CODE, ""),
        ugly_mugs=getattr(settings, "KRING_UGLY_MUGS_URL", UGLY_MUGS_URL),
    )
