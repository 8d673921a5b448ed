"""Builders for information-page tests (pages go through Wagtail's tree API)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import factory
from wagtail.models import Locale

from community import recurrence
from community.info.models import (
    ConsultationHoursPage,
    HomePage,
    InformationPage,
    Organisation,
    SpokenLanguage,
    Topic,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    summary = "Helps with things."
    locale = factory.LazyFunction(Locale.get_default)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if extracted:
            self.topics.set(Topic.objects.filter(code__in=extracted))
            self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            self.languages.set(SpokenLanguage.objects.filter(code__in=extracted))
            self.save()


_slugs = itertools.count(1)


def unique_slug(prefix: str = "page") -> str:
    return f"{prefix}-{next(_slugs)}"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def consultation_page_create(parent: HomePage, **fields: Any) -> ConsultationHoursPage:
    values: dict[str, Any] = {
        "title": "Spreekuur",
        "slug": None,
        "intro": "Een spreekuur.",
        "frequency": recurrence.Frequency.MONTHLY,
        "ordinal": 1,
        "weekday": recurrence.Weekday.TUESDAY,
        "start_time": dt.time(13, 0),
        "end_time": dt.time(15, 0),
        "valid_from": dt.date(2021, 6, 1),
        "address": "Voorbeeldstraat 1",
    }
    values.update(fields)
    if values["slug"] is None:
        values["slug"] = unique_slug("spreekuur")
    if "organisation" not in values:
        values["organisation"] = OrganisationFactory(locale=parent.locale)
    exceptions = values.pop("exceptions", [])
    page = ConsultationHoursPage(**values)
    parent.add_child(instance=page)
    if exceptions:
        page.exceptions = exceptions
    return publish(page)


def information_page_create(parent: HomePage, **fields: Any) -> InformationPage:
    values: dict[str, Any] = {
        "title": "Informatie",
        "slug": unique_slug("info"),
        "intro": "Een pagina met informatie.",
        "body": [{"type": "paragraph", "value": "<p>Hallo wereld.</p>"}],
    }
    values.update(fields)
    page = InformationPage(**values)
    parent.add_child(instance=page)
    return publish(page)
