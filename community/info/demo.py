"""Demo content for the information pages, in Dutch and English.

Written from the municipality's letter of 2021 (see docs in /work/shared/context): the
GGD's monthly consultation hour, the Sociaal Plein's help with applications, Tozo and
TONK (both ended), Versa Welzijn, exit programmes, field work and how to report
violence. Every address, phone number and e-mail address of an organisation here is
an EXAMPLE, and says so. `seed()` is idempotent: it only adds what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from community.info import recurrence, services
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

EXAMPLE_NL = "(voorbeeld, geen echt nummer)"
EXAMPLE_EN = "(example, not a real number)"

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "key": "ggd",
        "topics": ["health"],
        "languages": ["nl", "en", "es", "ro", "bg"],
        "anonymous_help": True,
        "phone": "035 000 0001",
        "email": "spreekuur@ggd.example.org",
        "nl": {
            "name": "GGD Gooi en Vechtstreek: seksuele gezondheid",
            "summary": "Gratis soa-test, vaccinaties, anticonceptie en advies. "
            "Je mag anoniem blijven.",
            "address": "Voorbeeldstraat 1, Hilversum (voorbeeldadres)",
            "opening_hours": "Maandag tot vrijdag 9:00-16:30 (voorbeeld)",
            "contact_note": f"Bel voor een afspraak {EXAMPLE_NL}.",
        },
        "en": {
            "name": "GGD Gooi en Vechtstreek: sexual health",
            "summary": "Free STI tests, vaccinations, contraception and advice. "
            "You can stay anonymous.",
            "address": "Voorbeeldstraat 1, Hilversum (example address)",
            "opening_hours": "Monday to Friday 9:00-16:30 (example)",
            "contact_note": f"Call to make an appointment {EXAMPLE_EN}.",
        },
    },
    {
        "key": "sociaal-plein",
        "topics": ["money", "housing", "residence"],
        "languages": ["nl", "en"],
        "anonymous_help": False,
        "phone": "035 000 0002",
        "email": "sociaalplein@gemeente.example.org",
        "nl": {
            "name": "Sociaal Plein Hilversum",
            "summary": "Helpt je met uitkeringen, toeslagen, schulden en wonen. "
            "Ze helpen je ook met het invullen van aanvragen.",
            "address": "Voorbeeldplein 2, Hilversum (voorbeeldadres)",
            "opening_hours": "Maandag tot vrijdag 9:00-17:00 (voorbeeld)",
            "contact_note": f"Loop binnen of bel {EXAMPLE_NL}.",
        },
        "en": {
            "name": "Sociaal Plein Hilversum (municipal help desk)",
            "summary": "Helps you with benefits, allowances, debts and housing. "
            "They also help you fill in applications.",
            "address": "Voorbeeldplein 2, Hilversum (example address)",
            "opening_hours": "Monday to Friday 9:00-17:00 (example)",
            "contact_note": f"Walk in or call {EXAMPLE_EN}.",
        },
    },
    {
        "key": "versa",
        "topics": ["wellbeing", "housing", "money"],
        "languages": ["nl", "en"],
        "anonymous_help": False,
        "phone": "035 000 0003",
        "email": "info@versa.example.org",
        "nl": {
            "name": "Versa Welzijn",
            "summary": "Welzijnswerk: een luisterend oor, hulp bij administratie, "
            "eenzaamheid en contact met andere hulp.",
            "address": "",
            "opening_hours": "Op afspraak (voorbeeld)",
            "contact_note": f"Bel of mail {EXAMPLE_NL}.",
        },
        "en": {
            "name": "Versa Welzijn (welfare support)",
            "summary": "Welfare work: someone to talk to, help with paperwork, "
            "loneliness and finding other help.",
            "address": "",
            "opening_hours": "By appointment (example)",
            "contact_note": f"Call or e-mail {EXAMPLE_EN}.",
        },
    },
    {
        "key": "scharlaken-koord",
        "topics": ["exit", "wellbeing", "violence"],
        "languages": ["nl", "en", "ro", "bg", "es"],
        "anonymous_help": True,
        "phone": "035 000 0004",
        "email": "hulp@scharlakenkoord.example.org",
        "nl": {
            "name": "Scharlaken Koord",
            "summary": "Hulp als je wilt stoppen met sekswerk, en veldwerk: zij komen "
            "naar je toe, ook online.",
            "address": "",
            "opening_hours": "",
            "contact_note": f"Je kunt anoniem contact opnemen {EXAMPLE_NL}.",
        },
        "en": {
            "name": "Scharlaken Koord",
            "summary": "Help if you want to stop sex work, and field work: they come "
            "to you, also online.",
            "address": "",
            "opening_hours": "",
            "contact_note": f"You can get in touch anonymously {EXAMPLE_EN}.",
        },
    },
    {
        "key": "belle",
        "topics": ["exit", "health", "wellbeing", "legal"],
        "languages": ["nl", "en", "es", "pt"],
        "anonymous_help": True,
        "phone": "035 000 0005",
        "email": "contact@belle.example.org",
        "nl": {
            "name": "Belle hulpverlening",
            "summary": "Hulp en begeleiding voor sekswerkers, ook als je wilt stoppen. "
            "Veldwerkers bezoeken werkplekken en zijn online bereikbaar.",
            "address": "",
            "opening_hours": "",
            "contact_note": f"Stuur een bericht of bel {EXAMPLE_NL}.",
        },
        "en": {
            "name": "Belle hulpverlening (support for sex workers)",
            "summary": "Help and guidance for sex workers, also if you want to stop. "
            "Field workers visit workplaces and can be reached online.",
            "address": "",
            "opening_hours": "",
            "contact_note": f"Send a message or call {EXAMPLE_EN}.",
        },
    },
    {
        "key": "ugly-mugs",
        "topics": ["violence"],
        "languages": ["nl", "en"],
        "anonymous_help": True,
        "phone": "",
        "email": "",
        "nl": {
            "name": "Ugly Mugs NL",
            "summary": "Landelijke waarschuwingen over gevaarlijke klanten, van Soa Aids "
            "Nederland en PROUD. Een melding is 'genoeg om te waarschuwen, niet om "
            "iemand te herkennen'.",
            "address": "",
            "opening_hours": "",
            "contact_note": "Meld een gevaarlijke klant via Ugly Mugs NL.",
        },
        "en": {
            "name": "Ugly Mugs NL",
            "summary": "National warnings about dangerous clients, by Soa Aids Nederland "
            "and PROUD. A warning is 'enough to warn, not to identify'.",
            "address": "",
            "opening_hours": "",
            "contact_note": "Report a dangerous client through Ugly Mugs NL.",
        },
    },
]


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    homes = services.site_tree_ensure()
    locales = {code: Locale.objects.get(language_code=code) for code in ("nl", "en")}
    orgs = _organisations(locales)
    pages: dict[str, dict[str, Page]] = {}

    pages["ggd"] = _page(homes, "ggd-spreekuur", "ggd-consultation-hour", _ggd_consultation(orgs))
    pages["sociaal-plein"] = _page(
        homes, "sociaal-plein-spreekuur", "sociaal-plein-help-hour", _sociaal_plein(orgs)
    )
    pages["tonk"] = _page(homes, "tonk", "tonk", _tonk(orgs))
    pages["tozo"] = _page(homes, "tozo", "tozo", _tozo(orgs, pages["tonk"]))
    pages["violence"] = _page(
        homes, "geweld-of-bedreiging-melden", "reporting-violence-or-threats", _violence(orgs)
    )
    pages["exit"] = _page(homes, "stoppen-met-sekswerk", "stopping-sex-work", _exit(orgs))
    pages["fieldwork"] = _page(homes, "veldwerk", "field-work", _fieldwork(orgs))
    pages["welfare"] = _page(
        homes, "welzijn-en-andere-hulp", "welfare-and-other-help", _welfare(orgs)
    )
    pages["directory"] = _page(homes, "wie-helpt-waarmee", "who-helps-with-what", _directory())
    _home_content(homes, pages)
    stdout.write(
        f"Information pages: {Page.objects.live().type(HomePage).count()} home pages, "
        f"{Page.objects.live().not_type(HomePage).filter(depth__gt=2).count()} pages, "
        f"{Organisation.objects.count()} organisation entries (nl + en).\n"
    )


# --- Helpers -----------------------------------------------------------------------------


def _organisations(locales: dict[str, Locale]) -> dict[str, dict[str, Organisation]]:
    topics = {topic.code: topic for topic in Topic.objects.all()}
    languages = {language.code: language for language in SpokenLanguage.objects.all()}
    found: dict[str, dict[str, Organisation]] = {}
    for spec in ORGANISATIONS:
        found[spec["key"]] = {}
        source = None
        for code in ("nl", "en"):
            text = spec[code]
            org = Organisation.objects.filter(locale=locales[code], name=text["name"]).first()
            if org is None:
                org = Organisation(
                    locale=locales[code],
                    phone=_example_phone(spec["phone"], code),
                    email=spec["email"],
                    anonymous_help=spec["anonymous_help"],
                    **text,
                )
                if source is not None:
                    org.translation_key = source.translation_key
                org.save()
                org.topics.set([topics[t] for t in spec["topics"]])
                org.languages.set([languages[code] for code in spec["languages"]])
                org.save()
                org.save_revision().publish()
            source = source or org
            found[spec["key"]][code] = org
    return found


def _example_phone(number: str, code: str) -> str:
    if not number:
        return ""
    return f"{number} ({'voorbeeld' if code == 'nl' else 'example'})"


def _page(homes: dict[str, HomePage], nl_slug: str, en_slug: str, spec: dict[str, Any]) -> dict:
    """Create the Dutch page and its English translation (if missing), both published."""
    nl_home, en_home = homes["nl"], homes["en"]
    model = spec["model"]
    nl_page = nl_home.get_children().filter(slug=nl_slug).specific().first()
    if nl_page is None:
        nl_page = model(slug=nl_slug, **spec["common"], **spec["nl"])
        nl_home.add_child(instance=nl_page)
        _after_create(nl_page, spec, "nl")
        nl_page.save_revision().publish()
    en_page = nl_page.get_translation_or_none(en_home.locale)
    if en_page is None:
        en_page = nl_page.copy_for_translation(en_home.locale)
        en_page = en_page.specific
        en_page.slug = en_slug
        for name, value in spec["en"].items():
            setattr(en_page, name, value)
        _after_create(en_page, spec, "en")
        en_page.save_revision().publish()
    return {"nl": nl_page.specific, "en": en_page.specific}


def _after_create(page: Page, spec: dict[str, Any], code: str) -> None:
    hook = spec.get("after")
    if hook:
        hook(page, code)


# --- Pages ---------------------------------------------------------------------------


def _ggd_consultation(orgs) -> dict[str, Any]:
    rule = recurrence.Rule(
        frequency=recurrence.Frequency.MONTHLY,
        ordinal=1,
        weekday=recurrence.Weekday.TUESDAY,
        start_time=dt.time(13, 0),
        end_time=dt.time(15, 0),
        valid_from=dt.date(2021, 6, 1),
    )
    today = timezone.localdate()
    # The end-of-year holiday closes the first consultation hour of January.
    closure_start = dt.date(today.year, 12, 24)
    closure_end = dt.date(today.year + 1, 1, 8)

    def after(page: ConsultationHoursPage, code: str) -> None:
        page.organisation = orgs["ggd"][code]
        page.languages.set(SpokenLanguage.objects.filter(code__in=["nl", "en", "es", "ro", "bg"]))
        if recurrence.rule_dates_between(rule, closure_start, closure_end):
            page.exceptions = [
                ConsultationHoursException(
                    kind=recurrence.ExceptionKind.CLOSED,
                    date=closure_start,
                    end_date=closure_end,
                    note="Gesloten tijdens de feestdagen"
                    if code == "nl"
                    else "Closed during the holidays",
                )
            ]

    return {
        "model": ConsultationHoursPage,
        "common": {
            "organisation": orgs["ggd"]["nl"],
            "frequency": rule.frequency,
            "ordinal": rule.ordinal,
            "weekday": rule.weekday,
            "start_time": rule.start_time,
            "end_time": rule.end_time,
            "valid_from": rule.valid_from,
            "location_kind": "address",
            "access": "both",
            "anonymous": True,
            "is_free": True,
        },
        "nl": {
            "title": "GGD-spreekuur voor sekswerkers",
            "intro": "Elke maand een spreekuur alleen voor sekswerkers: soa-test, "
            "vaccinaties en vragen over je gezondheid. Gratis, en anoniem als je wilt.",
            "address": "Voorbeeldstraat 1, Hilversum (voorbeeldadres)",
            "how_to_book": f"Loop binnen, of bel 035 000 0001 {EXAMPLE_NL} voor een vaste tijd.",
            "body": [
                {
                    "type": "good_to_know",
                    "value": {
                        "title": "Goed om te weten",
                        "items": [
                            "Je hoeft geen verzekeringspas mee te nemen.",
                            "Je mag een andere naam gebruiken.",
                            "Wat je vertelt blijft tussen jou en de GGD.",
                        ],
                    },
                }
            ],
        },
        "en": {
            "title": "GGD consultation hour for sex workers",
            "intro": "Every month a consultation hour only for sex workers: STI test, "
            "vaccinations and questions about your health. Free, and anonymous if you wish.",
            "address": "Voorbeeldstraat 1, Hilversum (example address)",
            "how_to_book": f"Walk in, or call 035 000 0001 {EXAMPLE_EN} for a fixed time.",
            "body": [
                {
                    "type": "good_to_know",
                    "value": {
                        "title": "Good to know",
                        "items": [
                            "You do not need to bring an insurance card.",
                            "You can use another name.",
                            "What you tell stays between you and the GGD.",
                        ],
                    },
                }
            ],
        },
        "after": after,
    }


def _sociaal_plein(orgs) -> dict[str, Any]:
    def after(page: ConsultationHoursPage, code: str) -> None:
        page.organisation = orgs["sociaal-plein"][code]
        page.languages.set(SpokenLanguage.objects.filter(code__in=["nl", "en"]))

    return {
        "model": ConsultationHoursPage,
        "common": {
            "organisation": orgs["sociaal-plein"]["nl"],
            "frequency": recurrence.Frequency.WEEKLY,
            "weekday": recurrence.Weekday.WEDNESDAY,
            "start_time": dt.time(10, 0),
            "end_time": dt.time(12, 0),
            "valid_from": dt.date(2021, 6, 2),
            "location_kind": "address",
            "access": "walk_in",
            "anonymous": False,
            "is_free": True,
        },
        "nl": {
            "title": "Sociaal Plein: hulp bij aanvragen",
            "intro": "Elke woensdag kun je binnenlopen met vragen over geld, uitkeringen, "
            "schulden of wonen. Een medewerker helpt je met het invullen van aanvragen.",
            "address": "Voorbeeldplein 2, Hilversum (voorbeeldadres)",
            "body": [
                {
                    "type": "paragraph",
                    "value": _p(
                        "Neem als je kunt je identiteitsbewijs en je laatste bankafschriften "
                        "mee. Heb je die niet? Kom dan toch: samen zoeken we uit wat kan."
                    ),
                }
            ],
        },
        "en": {
            "title": "Sociaal Plein: help with applications",
            "intro": "Every Wednesday you can walk in with questions about money, benefits, "
            "debts or housing. Someone helps you fill in applications.",
            "address": "Voorbeeldplein 2, Hilversum (example address)",
            "body": [
                {
                    "type": "paragraph",
                    "value": _p(
                        "If you can, bring your ID and your latest bank statements. "
                        "Don't have them? Come anyway: together we find out what is possible."
                    ),
                }
            ],
        },
        "after": after,
    }


def _tonk(orgs) -> dict[str, Any]:
    def after(page: SupportSchemePage, code: str) -> None:
        page.helper = orgs["sociaal-plein"][code]

    return {
        "model": SupportSchemePage,
        "common": {
            "status": "historical",
            "open_from": dt.date(2021, 1, 1),
            "open_until": dt.date(2021, 9, 30),
            "helper": orgs["sociaal-plein"]["nl"],
        },
        "nl": {
            "title": "TONK: hulp bij woonkosten (beëindigd)",
            "intro": "De Tijdelijke Ondersteuning Noodzakelijke Kosten (TONK) hielp bij "
            "woonkosten toen je inkomen door corona sterk daalde. De regeling is gestopt.",
            "status_note": "Je kunt de TONK niet meer aanvragen. Heb je nu geldzorgen? "
            "Het Sociaal Plein kijkt met je mee.",
            "for_whom": _p(
                "Huishoudens met een groot inkomensverlies door corona, die hun vaste "
                "woonlasten niet meer konden betalen.",
                "Ook sekswerkers die via de <em>opting-in</em> regeling werkten, konden de "
                "TONK aanvragen. Zij hadden geen recht op de Tozo.",
            ),
            "what_you_need": _ul(
                "Je identiteitsbewijs",
                "Bewijs van je inkomen voor en na de daling",
                "Je huur- of hypotheeklasten",
            ),
            "how_to_apply": _p("Het Sociaal Plein hielp met de aanvraag."),
        },
        "en": {
            "title": "TONK: help with housing costs (ended)",
            "intro": "The TONK scheme helped with housing costs when your income fell "
            "sharply because of COVID. The scheme has ended.",
            "status_note": "You can no longer apply for TONK. Worried about money now? "
            "The Sociaal Plein can look at your situation with you.",
            "for_whom": _p(
                "Households that lost a large part of their income because of COVID and "
                "could no longer pay their fixed housing costs.",
                "Sex workers working under the <em>opting-in</em> arrangement could also "
                "apply. They had no right to Tozo.",
            ),
            "what_you_need": _ul(
                "Your ID",
                "Proof of your income before and after it fell",
                "Your rent or mortgage costs",
            ),
            "how_to_apply": _p("The Sociaal Plein helped with the application."),
        },
        "after": after,
    }


def _tozo(orgs, tonk: dict[str, Page]) -> dict[str, Any]:
    def after(page: SupportSchemePage, code: str) -> None:
        page.helper = orgs["sociaal-plein"][code]
        page.alternatives = [SupportSchemeAlternative(alternative=tonk[code])]

    return {
        "model": SupportSchemePage,
        "common": {
            "status": "historical",
            "open_from": dt.date(2020, 3, 1),
            "open_until": dt.date(2021, 9, 30),
            "helper": orgs["sociaal-plein"]["nl"],
        },
        "nl": {
            "title": "Tozo: steun voor zelfstandigen (beëindigd)",
            "intro": "De Tozo gaf zelfstandigen geld voor levensonderhoud toen ze door "
            "corona niet konden werken. De regeling is gestopt.",
            "status_note": "Je kunt de Tozo niet meer aanvragen.",
            "for_whom": _p(
                "Zelfstandige sekswerkers die ingeschreven stonden bij de Kamer van "
                "Koophandel, ongeveer 24 uur per week werkten en rechtmatig in Nederland "
                "woonden.",
                "Het inkomen van je partner telde mee. Daardoor kregen veel mensen geen Tozo.",
            ),
            "not_for": _p(
                "Sekswerkers die via de <em>opting-in</em> regeling werkten, kregen geen "
                "Tozo en geen WW. Zij konden de TONK aanvragen, of bijstand.",
                "Let op: als je uit een ander EU-land komt, kan bijstand gevolgen hebben "
                "voor je verblijf. Vraag eerst advies.",
            ),
            "what_you_need": _ul(
                "Je inschrijving bij de Kamer van Koophandel",
                "Je identiteitsbewijs",
                "Je bankafschriften",
            ),
            "how_to_apply": _p("Het Sociaal Plein hielp met de aanvraag."),
        },
        "en": {
            "title": "Tozo: support for the self-employed (ended)",
            "intro": "Tozo gave self-employed people money to live on when COVID stopped "
            "them from working. The scheme has ended.",
            "status_note": "You can no longer apply for Tozo.",
            "for_whom": _p(
                "Self-employed sex workers registered with the Chamber of Commerce, "
                "working about 24 hours a week and living in the Netherlands lawfully.",
                "Your partner's income counted. Because of that many people got no Tozo.",
            ),
            "not_for": _p(
                "Sex workers under the <em>opting-in</em> arrangement got neither Tozo "
                "nor unemployment benefit. They could apply for TONK, or social assistance.",
                "Note: if you come from another EU country, social assistance can affect "
                "your residence. Ask for advice first.",
            ),
            "what_you_need": _ul(
                "Your Chamber of Commerce registration", "Your ID", "Your bank statements"
            ),
            "how_to_apply": _p("The Sociaal Plein helped with the application."),
        },
        "after": after,
    }


def _violence(orgs) -> dict[str, Any]:
    def body(code: str) -> list[dict[str, Any]]:
        nl = code == "nl"
        return [
            {
                "type": "callout",
                "value": {
                    "tone": "warning",
                    "title": "In gevaar?" if nl else "In danger?",
                    "text": _p(
                        "Bel 112. Dit is het alarmnummer voor politie en ambulance."
                        if nl
                        else "Call 112. This is the emergency number for police and ambulance."
                    ),
                },
            },
            {
                "type": "heading",
                "value": {"text": "Aangifte doen" if nl else "Reporting to the police"},
            },
            {
                "type": "paragraph",
                "value": _p(
                    "Je kunt aangifte doen bij de politie, ook als je werk niet vergund "
                    "is. Bel 0900-8844 voor een afspraak. Je mag iemand meenemen die je "
                    "vertrouwt, bijvoorbeeld een hulpverlener."
                    if nl
                    else "You can report to the police, also if your work is not licensed. "
                    "Call 0900-8844 for an appointment. You can bring someone you trust, "
                    "for example a support worker."
                ),
            },
            {
                "type": "faq",
                "value": {
                    "title": "Wat kun je verwachten?" if nl else "What can you expect?",
                    "questions": [
                        {
                            "question": "Krijg ik een persoonlijk gesprek?"
                            if nl
                            else "Will I speak to a person?",
                            "answer": _p(
                                "Ja. Vraag om een gesprek met een agent. Krijg je alleen "
                                "een automatisch antwoord per mail? Vraag een hulpverlener "
                                "om met je mee te bellen."
                                if nl
                                else "Yes. Ask for a conversation with an officer. If you "
                                "only get an automatic e-mail reply, ask a support worker "
                                "to call with you."
                            ),
                        },
                        {
                            "question": "Moet ik mijn echte naam geven?"
                            if nl
                            else "Do I have to give my real name?",
                            "answer": _p(
                                "Voor een aangifte wel. Wil je dat niet? Je kunt ook een "
                                "melding doen zonder aangifte, of anoniem via Meld Misdaad "
                                "Anoniem (0800-7000)."
                                if nl
                                else "For an official report, yes. Don't want that? You can "
                                "also make a report without pressing charges, or report "
                                "anonymously via Meld Misdaad Anoniem (0800-7000)."
                            ),
                        },
                        {
                            "question": "Iemand vraagt mijn bankrekening te lenen. Wat nu?"
                            if nl
                            else "Someone asks to borrow my bank account. What now?",
                            "answer": _p(
                                "Doe het niet: dan word je een geldezel en ben je zelf "
                                "strafbaar. Praat erover met een hulpverlener."
                                if nl
                                else "Don't: you would become a money mule, and that is a "
                                "crime for you too. Talk to a support worker about it."
                            ),
                        },
                    ],
                },
            },
            {
                "type": "heading",
                "value": {"text": "Waarschuw anderen" if nl else "Warn others"},
            },
            {
                "type": "paragraph",
                "value": _p(
                    "Kring houdt geen lijst bij van gevaarlijke klanten. Meld een gevaarlijke "
                    "klant bij Ugly Mugs NL: zij mogen waarschuwingen delen, met toestemming "
                    "van de Autoriteit Persoonsgegevens."
                    if nl
                    else "Kring keeps no list of dangerous clients. Report a dangerous client "
                    "to Ugly Mugs NL: they are allowed to share warnings, with permission "
                    "from the Dutch data-protection authority."
                ),
            },
            {"type": "contact", "value": {"organisation": orgs["ugly-mugs"][code].pk}},
        ]

    return {
        "model": InformationPage,
        "common": {},
        "nl": {
            "title": "Geweld of bedreiging melden",
            "intro": "Heb je geweld meegemaakt, of word je bedreigd? Hier lees je wat je "
            "kunt doen en wat je kunt verwachten.",
            "body": body("nl"),
        },
        "en": {
            "title": "Reporting violence or threats",
            "intro": "Have you experienced violence, or are you being threatened? Here is "
            "what you can do and what to expect.",
            "body": body("en"),
        },
    }


def _exit(orgs) -> dict[str, Any]:
    def body(code: str) -> list[dict[str, Any]]:
        nl = code == "nl"
        return [
            {
                "type": "paragraph",
                "value": _p(
                    "Wil je stoppen met sekswerk, of erover nadenken? Een uitstapprogramma "
                    "helpt je met werk, geld, wonen en je gezondheid. Jij bepaalt het tempo."
                    if nl
                    else "Do you want to stop sex work, or think about it? An exit programme "
                    "helps you with work, money, housing and your health. You set the pace."
                ),
            },
            {"type": "contact", "value": {"organisation": orgs["scharlaken-koord"][code].pk}},
            {"type": "contact", "value": {"organisation": orgs["belle"][code].pk}},
        ]

    return {
        "model": InformationPage,
        "common": {},
        "nl": {
            "title": "Stoppen met sekswerk",
            "intro": "Uitstapprogramma's van Scharlaken Koord en Belle helpen je als je "
            "wilt stoppen.",
            "body": body("nl"),
        },
        "en": {
            "title": "Stopping sex work",
            "intro": "Exit programmes by Scharlaken Koord and Belle help you if you want to stop.",
            "body": body("en"),
        },
    }


def _fieldwork(orgs) -> dict[str, Any]:
    def body(code: str) -> list[dict[str, Any]]:
        nl = code == "nl"
        return [
            {
                "type": "paragraph",
                "value": _p(
                    "Veldwerkers van Belle en Scharlaken Koord bezoeken werkplekken en zijn "
                    "online bereikbaar. Ook als je geen vast adres in Nederland hebt."
                    if nl
                    else "Field workers from Belle and Scharlaken Koord visit workplaces and "
                    "can be reached online. Also if you have no fixed address in the "
                    "Netherlands."
                ),
            },
            {
                "type": "good_to_know",
                "value": {
                    "title": "Goed om te weten" if nl else "Good to know",
                    "items": [
                        "Bij de maandelijkse controle van de gemeente gaat een hulpverlener "
                        "mee. Je kunt haar of hem direct om hulp vragen."
                        if nl
                        else "A support worker joins the municipality's monthly check. You "
                        "can ask them for help on the spot.",
                        "Veldwerkers werken niet voor de politie."
                        if nl
                        else "Field workers do not work for the police.",
                    ],
                },
            },
        ]

    return {
        "model": InformationPage,
        "common": {},
        "nl": {
            "title": "Veldwerk: hulp die naar je toe komt",
            "intro": "Hulpverleners komen naar je toe, op je werkplek of online.",
            "body": body("nl"),
        },
        "en": {
            "title": "Field work: help that comes to you",
            "intro": "Support workers come to you, at your workplace or online.",
            "body": body("en"),
        },
    }


def _welfare(orgs) -> dict[str, Any]:
    def body(code: str) -> list[dict[str, Any]]:
        nl = code == "nl"
        return [
            {
                "type": "paragraph",
                "value": _p(
                    "Voel je je alleen, of loopt het je boven het hoofd? Versa Welzijn "
                    "luistert en helpt je verder. Voor je gezondheid kun je naar de GGD."
                    if nl
                    else "Feeling alone, or is it all too much? Versa Welzijn listens and "
                    "helps you further. For your health you can go to the GGD."
                ),
            },
            {"type": "contact", "value": {"organisation": orgs["versa"][code].pk}},
        ]

    return {
        "model": InformationPage,
        "common": {},
        "nl": {
            "title": "Welzijn en andere hulp",
            "intro": "Hulp bij alles wat niet over geld of gezondheid gaat: een luisterend "
            "oor, administratie, eenzaamheid.",
            "body": body("nl"),
        },
        "en": {
            "title": "Welfare and other help",
            "intro": "Help with everything that is not about money or health: someone to "
            "talk to, paperwork, loneliness.",
            "body": body("en"),
        },
    }


def _directory() -> dict[str, Any]:
    return {
        "model": OrganisationDirectoryPage,
        "common": {},
        "nl": {
            "title": "Wie helpt waarmee",
            "intro": "Alle organisaties die sekswerkers helpen. Kies een onderwerp of een taal.",
        },
        "en": {
            "title": "Who helps with what",
            "intro": "All organisations that help sex workers. Choose a topic or a language.",
        },
    }


def _home_content(homes: dict[str, HomePage], pages: dict[str, dict[str, Page]]) -> None:
    texts = {
        "nl": {
            "hero": (
                "Kring: samen sterker",
                "Een besloten plek voor sekswerkers om elkaar te steunen, met een "
                "schuilnaam. Op deze pagina's vind je ook hulp, voor iedereen te lezen.",
            ),
            "topics": "Waar kan ik terecht?",
            "join": (
                "Meedoen",
                [
                    "Maak een account met een schuilnaam. Je echte naam is niet nodig.",
                    "Een moderator bekijkt je aanmelding.",
                    "Daarna kun je meepraten op het forum en in de chat.",
                ],
                "Account maken",
            ),
        },
        "en": {
            "hero": (
                "Kring: stronger together",
                "A closed place where sex workers support each other, under a pseudonym. "
                "These pages also tell you where to find help, open to everyone.",
            ),
            "topics": "Where can I get help?",
            "join": (
                "Join",
                [
                    "Create an account with a pseudonym. Your real name is not needed.",
                    "A moderator looks at your request.",
                    "Then you can talk with others in the forum and the chat.",
                ],
                "Create an account",
            ),
        },
    }
    for code, home in homes.items():
        home = HomePage.objects.get(pk=home.pk)
        if home.body:
            continue
        text = texts[code]
        links = [
            {"page": pages[key][code].pk, "label": "", "description": ""}
            for key in (
                "directory",
                "ggd",
                "sociaal-plein",
                "violence",
                "exit",
                "fieldwork",
                "welfare",
                "tozo",
                "tonk",
            )
        ]
        home.title = "Kring"
        home.body = [
            {"type": "hero", "value": {"title": text["hero"][0], "text": text["hero"][1]}},
            {"type": "topics", "value": {"title": text["topics"], "links": links}},
            {
                "type": "how_to_join",
                "value": {
                    "title": text["join"][0],
                    "steps": text["join"][1],
                    "button_label": text["join"][2],
                },
            },
        ]
        home.save_revision().publish()
