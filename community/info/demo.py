"""Demo content for the information pages, in Dutch and English (`seed_demo`).

The content is data, in demo_content/: the organisations (organisations.json), the
pages (pages.json) and the blocks of the two home pages (home.json). It tells of the
GGD's monthly consultation hour, the Sociaal Plein's help with applications, Tozo and
TONK (both ended), Versa Welzijn, exit programmes, field work and how to report
violence. Every address, phone number and e-mail address of an organisation there is
an EXAMPLE, and says so. `seed()` is idempotent: it only adds what is missing.

The files point at each other with keys, resolved per language here:
- a page's "organisation" and "helper" name an organisation;
- a page's "languages" are spoken-language codes, its "alternatives" name pages listed
  before it in pages.json (pages are created in file order);
- a page's "closures" recur every year from one month-day to the next ("12-24" to
  "01-08"); one is added when the consultation hour has a date inside it;
- inside a body, a contact block's "organisation" and each "page" of a topics block.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TextIO, TypedDict

from django.db import transaction
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from community import recurrence
from community.info import services
from community.info.models import (
    ConsultationHoursException,
    ConsultationHoursPage,
    HomePage,
    InformationPage,
    Organisation,
    OrganisationDirectoryPage,
    SpokenLanguage,
    SupportSchemeAlternative,
    SupportSchemePage,
    Topic,
)

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
LANGUAGES = ("nl", "en")
PAGE_TYPES: dict[str, type[Page]] = {
    model._meta.model_name: model
    for model in (
        ConsultationHoursPage,
        InformationPage,
        OrganisationDirectoryPage,
        SupportSchemePage,
    )
}
# Page fields that name an organisation in the data.
ORGANISATION_FIELDS = ("organisation", "helper")

JSON = str | int | float | bool | None | list["JSON"] | dict[str, "JSON"]
Block = dict[str, JSON]
Organisations = dict[str, dict[str, Organisation]]  # key -> language -> organisation
Pages = dict[str, dict[str, Page]]  # key -> language -> page


class OrganisationSpec(TypedDict):
    key: str
    topics: list[str]
    languages: list[str]
    anonymous_help: bool
    email: str
    nl: dict[str, str]
    en: dict[str, str]


class ClosureSpec(TypedDict):
    first_day: str  # "MM-DD"
    last_day: str  # "MM-DD", in the next year when it comes before first_day
    note: dict[str, str]


class PageSpec(TypedDict, total=False):
    key: str
    type: str
    slug: dict[str, str]
    organisation: str
    helper: str
    languages: list[str]
    alternatives: list[str]
    closures: list[ClosureSpec]
    fields: dict[str, JSON]
    nl: dict[str, JSON]
    en: dict[str, JSON]


def _load(name: str) -> JSON:
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    homes = services.site_tree_ensure()
    organisations = _organisations_ensure(
        specs=_load("organisations.json"), locales={code: homes[code].locale for code in homes}
    )
    pages: Pages = {}
    for spec in _load("pages.json"):
        pages[spec["key"]] = _page_ensure(
            spec=spec, homes=homes, organisations=organisations, pages=pages
        )
    _home_content_ensure(
        spec=_load("home.json"), homes=homes, organisations=organisations, pages=pages
    )
    stdout.write(
        f"Information pages: {Page.objects.live().type(HomePage).count()} home pages, "
        f"{Page.objects.live().not_type(HomePage).filter(depth__gt=2).count()} pages, "
        f"{Organisation.objects.count()} organisation entries (nl + en).\n"
    )


def _organisations_ensure(
    *, specs: list[OrganisationSpec], locales: dict[str, Locale]
) -> Organisations:
    topics = {topic.code: topic for topic in Topic.objects.all()}
    languages = {language.code: language for language in SpokenLanguage.objects.all()}
    found: Organisations = {}
    for spec in specs:
        found[spec["key"]] = {}
        source = None
        for code in LANGUAGES:
            text = spec[code]
            organisation = Organisation.objects.filter(
                locale=locales[code], name=text["name"]
            ).first()
            if organisation is None:
                organisation = Organisation(
                    locale=locales[code],
                    email=spec["email"],
                    anonymous_help=spec["anonymous_help"],
                    **text,
                )
                if source is not None:
                    organisation.translation_key = source.translation_key
                organisation.save()
                organisation.topics.set([topics[topic] for topic in spec["topics"]])
                organisation.languages.set([languages[lang] for lang in spec["languages"]])
                organisation.save()
                # Published with a first revision, as if approved in the admin.
                organisation.save_revision().publish()
            source = source or organisation
            found[spec["key"]][code] = organisation
    return found


def _page_ensure(
    *, spec: PageSpec, homes: dict[str, HomePage], organisations: Organisations, pages: Pages
) -> dict[str, Page]:
    """The Dutch page and its English translation (each created if missing), published."""
    model = PAGE_TYPES[spec["type"]]
    nl_home, en_home = homes["nl"], homes["en"]
    nl_page = nl_home.get_children().filter(slug=spec["slug"]["nl"]).specific().first()
    if nl_page is None:
        values = {**spec.get("fields", {}), **spec["nl"]}
        nl_page = model(
            slug=spec["slug"]["nl"],
            **_field_values(model, values, code="nl", organisations=organisations, pages=pages),
            **_organisation_fields(spec, code="nl", organisations=organisations),
        )
        nl_home.add_child(instance=nl_page)
        _relations_set(nl_page, spec, code="nl", pages=pages)
        nl_page.save_revision().publish()
    en_page = nl_page.get_translation_or_none(en_home.locale)
    if en_page is None:
        en_page = nl_page.copy_for_translation(en_home.locale).specific
        en_page.slug = spec["slug"]["en"]
        values = {
            **_field_values(model, spec["en"], code="en", organisations=organisations, pages=pages),
            **_organisation_fields(spec, code="en", organisations=organisations),
        }
        for name, value in values.items():
            setattr(en_page, name, value)
        _relations_set(en_page, spec, code="en", pages=pages)
        en_page.save_revision().publish()
    return {"nl": nl_page.specific, "en": en_page.specific}


def _field_values(
    model: type[Page],
    values: dict[str, JSON],
    *,
    code: str,
    organisations: Organisations,
    pages: Pages,
) -> dict[str, object]:
    """The data's values as the model's fields take them (dates, times, bodies)."""
    result: dict[str, object] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if isinstance(field, StreamField):
            result[name] = _body(value, code=code, organisations=organisations, pages=pages)
        else:
            result[name] = field.to_python(value)
    return result


def _organisation_fields(
    spec: PageSpec, *, code: str, organisations: Organisations
) -> dict[str, Organisation]:
    return {name: organisations[spec[name]][code] for name in ORGANISATION_FIELDS if name in spec}


def _relations_set(page: Page, spec: PageSpec, *, code: str, pages: Pages) -> None:
    """Many-to-many and inline rows; they are saved with the page's next revision."""
    if "languages" in spec:
        page.languages.set(SpokenLanguage.objects.filter(code__in=spec["languages"]))
    if "alternatives" in spec:
        page.alternatives = [
            SupportSchemeAlternative(alternative=pages[key][code]) for key in spec["alternatives"]
        ]
    if "closures" in spec:
        page.exceptions = _closures(page, spec["closures"], code=code)


def _closures(
    page: ConsultationHoursPage, closures: list[ClosureSpec], *, code: str
) -> list[ConsultationHoursException]:
    """This year's closures that take at least one date of the page's rule.

    A closure without a date of the rule in it is refused by the page's validation.
    """
    year = timezone.localdate().year
    exceptions = []
    for closure in closures:
        first = _day(closure["first_day"], year=year)
        last = _day(closure["last_day"], year=year)
        if last < first:
            last = last.replace(year=year + 1)
        if recurrence.rule_dates_between(page.rule, first, last):
            exceptions.append(
                ConsultationHoursException(
                    kind=recurrence.ExceptionKind.CLOSED,
                    date=first,
                    end_date=last,
                    note=closure["note"][code],
                )
            )
    return exceptions


def _day(month_day: str, *, year: int) -> dt.date:
    month, day = (int(part) for part in month_day.split("-"))
    return dt.date(year, month, day)


def _body(
    blocks: list[Block], *, code: str, organisations: Organisations, pages: Pages
) -> list[Block]:
    """StreamField data with the keys of organisations and pages turned into ids."""
    resolved = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "contact":
            value = {**value, "organisation": organisations[value["organisation"]][code].pk}
        elif block["type"] == "topics":
            links = [{**link, "page": pages[link["page"]][code].pk} for link in value["links"]]
            value = {**value, "links": links}
        resolved.append({"type": block["type"], "value": value})
    return resolved


def _home_content_ensure(
    *,
    spec: dict[str, dict[str, JSON]],
    homes: dict[str, HomePage],
    organisations: Organisations,
    pages: Pages,
) -> None:
    """Blocks for each home page that has none yet (an editor's own are kept)."""
    for code, home in homes.items():
        home = HomePage.objects.get(pk=home.pk)
        if home.body:
            continue
        home.title = spec[code]["title"]
        home.body = _body(spec[code]["body"], code=code, organisations=organisations, pages=pages)
        home.save_revision().publish()
