"""Reads for the public information pages.

Every function here runs a fixed number of queries, whatever the number of pages or
organisations, so the public pages keep a constant query count. Readers only ever get
published organisations: a draft or a change waiting for the second editor's review
stays in its revision.

This module sits below the page models (models.py calls it from get_context), so it
never imports them: it reads the organisation snippet and Wagtail's own Page, and a
page hands in the pages of its own types it wants summarised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from community import recurrence
from community.info.organisations import HelpTopic, Organisation, SpokenLanguage

WORDS_PER_MINUTE = 200
HOME_CONSULTATION_PAGES = 5
HOME_DATES_PER_PAGE = 3
PAGE_DATES = 6
SEARCH_RESULTS = 20
# A translated field identical to its source counts as untranslated only when it is
# a real sentence; short names ("Tozo", "GGD") are often the same in both languages.
UNTRANSLATED_MIN_WORDS = 3
# The home pages are the language roots, one level under Wagtail's tree root (depth 1).
HOME_PAGE_DEPTH = 2
# Keys of StreamField block data that are not reader text.
STREAM_KEYS_WITHOUT_TEXT = frozenset({"type", "id"})


@dataclass(frozen=True)
class ConsultationSummary:
    # A ConsultationHoursPage (models.py sits above this module).
    page: Page
    # None while the page's organisation has no published version to show.
    organisation: Organisation | None
    schedule: recurrence.Schedule

    @property
    def next_dates(self) -> list[recurrence.Occurrence]:
        return self.schedule.taking_place(HOME_DATES_PER_PAGE)


@dataclass(frozen=True)
class OrganisationDirectory:
    organisations: list[Organisation]
    topic_choices: list[tuple[str, str]]
    language_choices: list[SpokenLanguage]
    selected_topic: str
    selected_language: str

    @property
    def is_filtered(self) -> bool:
        return bool(self.selected_topic or self.selected_language)


def organisation_for_readers(
    *, organisation: Organisation | None, locale: Locale
) -> Organisation | None:
    """What readers in `locale` may see of `organisation`: its published translation,
    else the organisation itself when published, else nothing."""
    if organisation is None:
        return None
    if organisation.locale_id != locale.pk:
        translation = (
            Organisation.objects.live()
            .filter(translation_key=organisation.translation_key, locale=locale)
            .first()
        )
        if translation is not None:
            return translation
    return organisation if organisation.live else None


def _organisations_for_readers(
    organisations: Iterable[Organisation], *, locale: Locale
) -> dict[int, Organisation | None]:
    """Map organisation id -> what readers in `locale` may see of it (one query)."""
    organisations = list(organisations)
    keys = {org.translation_key for org in organisations if org.locale_id != locale.pk}
    translated = {
        org.translation_key: org
        for org in Organisation.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    return {
        org.pk: translated.get(org.translation_key) or (org if org.live else None)
        for org in organisations
    }


def localized_pages(*, pages: Iterable[Page], locale: Locale) -> list[Page]:
    """Each page's live translation in `locale`, or the page itself; dead pages dropped."""
    pages = [page for page in pages if page is not None]
    keys = [page.translation_key for page in pages]
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    result = []
    for page in pages:
        chosen = translated.get(page.translation_key) or (page if page.live else None)
        if chosen is not None:
            result.append(chosen)
    return result


def consultation_schedule(
    *, page: Page, now: datetime, count: int = PAGE_DATES
) -> recurrence.Schedule:
    """The next `count` dates of a consultation-hours page, changes included."""
    return recurrence.schedule(
        page.rule, [item.spec for item in page.exceptions.all()], now=now, count=count
    )


def consultation_hours_upcoming(
    *, pages: Iterable[Page], locale: Locale, now: datetime, limit: int = HOME_CONSULTATION_PAGES
) -> list[ConsultationSummary]:
    """Summaries of `pages` (consultation hours with their organisation and exceptions
    loaded), soonest first; those without dates last."""
    pages = list(pages)
    organisations = _organisations_for_readers([p.organisation for p in pages], locale=locale)
    summaries = [
        ConsultationSummary(
            page=page,
            organisation=organisations[page.organisation_id],
            schedule=consultation_schedule(page=page, now=now, count=HOME_DATES_PER_PAGE),
        )
        for page in pages
    ]

    def soonest(summary: ConsultationSummary) -> tuple[int, datetime, str]:
        upcoming = summary.next_dates
        return (0, upcoming[0].start, "") if upcoming else (1, now, summary.page.title)

    summaries.sort(key=soonest)
    return summaries[:limit]


def organisation_directory(*, locale: Locale, topic: str, language: str) -> OrganisationDirectory:
    """The published organisations in `locale`, filtered by a topic and a spoken
    language code (values outside the offered choices are ignored)."""
    topic = topic if topic in HelpTopic.values else ""
    organisations = (
        Organisation.objects.live()
        .filter(locale=locale)
        .prefetch_related(
            "topics", Prefetch("languages", queryset=SpokenLanguage.objects.order_by("id"))
        )
    )
    if topic:
        organisations = organisations.filter(topics__code=topic)
    languages = list(
        SpokenLanguage.objects.filter(organisation__locale=locale, organisation__live=True)
        .distinct()
        .order_by("id")
    )
    if language not in {item.code for item in languages}:
        language = ""
    if language:
        organisations = organisations.filter(languages__code=language)
    return OrganisationDirectory(
        organisations=list(organisations.distinct().order_by("name")),
        topic_choices=HelpTopic.choices,
        language_choices=languages,
        selected_topic=topic,
        selected_language=language,
    )


def _texts(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in STREAM_KEYS_WITHOUT_TEXT:
                yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def reading_minutes(*, stream: Iterable[Mapping[str, object]] | None) -> int:
    """Minutes a reader needs for a StreamField's text (its raw data), at least one."""
    texts = _texts(list(stream or []))
    words = sum(len(re.findall(r"\w+", strip_tags(text))) for text in texts)
    return max(1, round(words / WORDS_PER_MINUTE))


def page_alternates(*, page: Page) -> list[tuple[str, str]]:
    """(language code, URL) of every live version of `page`, itself included."""
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    return [(version.locale.language_code, version.get_url()) for version in versions]


def page_in_other_language(*, home: Page, path_components: list[str]) -> Page | None:
    """The live page at the same path under another language's home page, if any.

    Lets /en/<dutch-slug>/ offer the Dutch page instead of a 404.
    """
    if not path_components:
        return None
    other_homes = home.get_translations().live()
    suffix = "/".join(path_components) + "/"
    candidates = [other.url_path + suffix for other in other_homes]
    return Page.objects.live().public().filter(url_path__in=candidates).specific().first()


def live_translation(*, page: Page, locale: Locale) -> Page | None:
    if page.locale_id == locale.pk:
        return page
    return page.get_translations().live().filter(locale=locale).first()


def untranslated_fields(*, page: Page, values: Mapping[str, object]) -> list[str]:
    """Names of translatable fields still identical to the default-language page."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return []
    source = Page.objects.filter(translation_key=page.translation_key, locale=default).first()
    if source is None:
        return []
    source = source.specific
    names = []
    for name in getattr(page, "translated_fields", []):
        new, old = str(values.get(name) or "").strip(), str(getattr(source, name, "")).strip()
        if new and new == old and len(new.split()) >= UNTRANSLATED_MIN_WORDS:
            names.append(name)
    return names


def pages_search(*, query: str, locale: Locale, limit: int = SEARCH_RESULTS) -> list[Page]:
    """Published public pages in `locale` matching `query`, best first; the home
    pages (the language roots) are where a search starts, not a result."""
    query = query.strip()
    if not query:
        return []
    results = (
        Page.objects.live()
        .public()
        .filter(locale=locale, depth__gt=HOME_PAGE_DEPTH)
        .search(query)[:limit]
    )
    found = list(results)
    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    return [specific[page.pk] for page in found if page.pk in specific]
