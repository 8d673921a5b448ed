"""The personal-information guard on the ways people write things to get past a filter
(issue: spread-out digits, numbers partly in words, plates after a context word,
streets without a street word, bare domains, chat links, names), on top of the
moderation toolkit's own table (tests/moderation/test_pii.py), and everyday numbers —
prices, times, dates, amounts, room numbers — that must never raise a false alarm,
in the forum's mode and in the strict mode of safety warnings alike."""

import pytest

from community.moderation.pii import (
    ADDRESS,
    LICENCE_PLATE,
    NAME,
    PHONE,
    SOCIAL_HANDLE,
    WEBSITE,
    find_personal_information,
)
from tests.moderation.test_pii import NEGATIVE as TOOLKIT_NEGATIVE
from tests.moderation.test_pii import POSITIVE as TOOLKIT_POSITIVE

NEW_POSITIVE = [
    # Digits spread out with spaces, dots or dashes
    ("bel 0 6 - 1 2 3 4 5 6 7 8 na tienen", PHONE, "0 6 - 1 2 3 4 5 6 7 8"),
    ("app 0.6.1.2.3.4.5.6.7.8", PHONE, "0.6.1.2.3.4.5.6.7.8"),
    ("0-6-1-2-3-4-5-6-7-8", PHONE, "0-6-1-2-3-4-5-6-7-8"),
    ("nummer: 06 1 2 3 4 5 6 7 8", PHONE, "06 1 2 3 4 5 6 7 8"),
    ("0 6 12 34 56 78 (alleen sms)", PHONE, "0 6 12 34 56 78"),
    ("06 - 12 - 34 - 56 - 78", PHONE, "06 - 12 - 34 - 56 - 78"),
    ("vast: 0 2 0 - 1 2 3 4 5 6 7", PHONE, "0 2 0 - 1 2 3 4 5 6 7"),
    ("+ 31 6 1 2 3 4 5 6 7 8", PHONE, "+ 31 6 1 2 3 4 5 6 7 8"),
    ("+3 1 6 1234 5678", PHONE, "+3 1 6 1234 5678"),
    ("00 31 6 12 34 56 78", PHONE, "00 31 6 12 34 56 78"),
    ("kamer 12 0 6 1 2 3 4 5 6 7 8", PHONE, "0 6 1 2 3 4 5 6 7 8"),
    # Numbers partly in words, Dutch and English
    ("nul zes 12345678", PHONE, "nul zes 12345678"),
    ("Nul Zes 1234 5678", PHONE, "Nul Zes 1234 5678"),
    (
        "bel nul zes een twee drie vier vijf zes zeven acht",
        PHONE,
        "nul zes een twee drie vier vijf zes zeven acht",
    ),
    ("zero six 12345678", PHONE, "zero six 12345678"),
    (
        "zero six one two three four five six seven eight",
        PHONE,
        "zero six one two three four five six seven eight",
    ),
    ("nul-zes-12-34-56-78", PHONE, "nul-zes-12-34-56-78"),
    ("0 zes 1234 5678", PHONE, "0 zes 1234 5678"),
    ("nul 6 12345678", PHONE, "nul 6 12345678"),
    ("call zero six 1 2 3 4 5 6 7 8", PHONE, "zero six 1 2 3 4 5 6 7 8"),
    ("nul twee nul 1234567", PHONE, "nul twee nul 1234567"),
    ("één twee: nul zes negen negen 123456", PHONE, "nul zes negen negen 123456"),
    # A plate-shaped string after a context word, valid sidecode or not
    ("kenteken AB 123 C", LICENCE_PLATE, "AB 123 C"),
    ("kenteken: 12ZKB3", LICENCE_PLATE, "12ZKB3"),
    ("nummerbord AA-12-AA was vies", LICENCE_PLATE, "AA-12-AA"),
    ("his plate was KX 123 B", LICENCE_PLATE, "KX 123 B"),
    ("licence plate: B-123-XYZ", LICENCE_PLATE, "B-123-XYZ"),
    ("kenteken is 1ABC23", LICENCE_PLATE, "1ABC23"),
    ("number plate AB12CDE (Engels)", LICENCE_PLATE, "AB12CDE"),
    ("kentekenplaat 99 XL RS", LICENCE_PLATE, "99 XL RS"),
    ("kenteken van de auto: G-777-AA", LICENCE_PLATE, "G-777-AA"),
    # A street without a street word, with a house number and a town
    ("Damrak 1, Amsterdam", ADDRESS, "Damrak 1"),
    ("hij woont op Rokin 12 in Amsterdam", ADDRESS, "Rokin 12"),
    ("Spui 21, Den Haag", ADDRESS, "Spui 21"),
    ("adres Neude 11, 3512 AE Utrecht", ADDRESS, "Neude 11"),
    ("Stratumseind 12, Eindhoven", ADDRESS, "Stratumseind 12"),
    ("Binnenrotte 5 Rotterdam", ADDRESS, "Binnenrotte 5"),
    ("Op Hoogt 4a te Utrecht", ADDRESS, "Hoogt 4a"),
    # Bare domains
    ("kijk op roos-escort.nl", WEBSITE, "roos-escort.nl"),
    ("www.lila-love.com/over-mij", WEBSITE, "www.lila-love.com/over-mij"),
    ("site: nachtvlinder.eu.", WEBSITE, "nachtvlinder.eu"),
    ("zijn bedrijf bankpas-verdienen.nl zoekt mensen", WEBSITE, "bankpas-verdienen.nl"),
    ("escort-amsterdam.xxx", WEBSITE, "escort-amsterdam.xxx"),
    # wa.me and t.me links
    ("wa.me/31612345678", SOCIAL_HANDLE, "wa.me/31612345678"),
    ("https://wa.me/+31 6 1234 5678", SOCIAL_HANDLE, "https://wa.me/+31 6 1234 5678"),
    ("t.me/joinchat/AbCdEf123", SOCIAL_HANDLE, "t.me/joinchat/AbCdEf123"),
    ("groep: t.me/+AbCdEfGh12", SOCIAL_HANDLE, "t.me/+AbCdEfGh12"),
    (
        "api.whatsapp.com/send?phone=31612345678",
        SOCIAL_HANDLE,
        "api.whatsapp.com/send?phone=31612345678",
    ),
    ("chat.whatsapp.com/AbCdEfGhIj", SOCIAL_HANDLE, "chat.whatsapp.com/AbCdEfGhIj"),
]

# Strict mode only (safety warnings): names and links with a scheme.
STRICT_POSITIVE = [
    ("hij heet Jan de Vries", NAME, "Jan de Vries"),
    ("a guy named Mark", NAME, "Mark"),
    ("he called himself Tony", NAME, "Tony"),
    ("zijn echte naam is Kees", NAME, "Kees"),
    ("hij heet jan", NAME, "jan"),
    ("genaamd Ahmed el Amrani", NAME, "Ahmed el Amrani"),
    ("his name was Peter", NAME, "Peter"),
    ("noemt zichzelf Rico", NAME, "Rico"),
    ("naam: Sandra", NAME, "Sandra"),
    ("een klant, heette Mo, kwam twee keer", NAME, "Mo"),
    ("https://roos-escort.nl/profiel", WEBSITE, "https://roos-escort.nl/profiel"),
    ("kijk op http://lila.example.com.", WEBSITE, "http://lila.example.com"),
]

NEW_NEGATIVE = [
    # Prices and amounts
    "Een kamer kost 80 euro per nacht",
    "Ik kreeg € 1.250,00 terug",
    "De huur is 1 200 per maand",
    "€ 2.500,- per maand",
    "Het kost 0,50 per minuut",
    "Ordernummer 123 456 789",
    # Times and dates
    "Om 14.30 uur bij de GGD",
    "Van 9:00 tot 17:00 open",
    "Op 3 maart 2024 gebeurde het",
    "Op 03-03-2024 om 10:00 uur",
    "Datum: 01-02-2024 10:30",
    "Ticket 2024-001234",
    "Geboren in 1990, nu 34",
    "Tel tot tien: 1 2 3 4 5 6 7 8 9 10",
    "ik kom om twee uur",
    "een twee drie vier, hoedje van papier",
    "drie of vier keer per week",
    "nul euro verdiend die dag",
    # Room numbers and numbered things before a town
    "Kamer 214 op de tweede verdieping",
    "Room 101 in het hotel",
    "Gebouw B, kamer 2.041",
    "Kamer 12, Utrecht",
    "Hoofdstuk 4, Amsterdam",
    "Tafel 7, Rotterdam",
    "Ajax 2, Feyenoord 1",
    "Amsterdam 2, Rotterdam 1",
    "Week 12 in Utrecht",
    "Tram 5 in Amsterdam",
    "Bus 22 te Groningen",
    # Context words without a plate
    "Mijn kenteken is verlopen",
    "Het nummerbord was vies",
    "kenteken onbekend, auto met 2 deuren",
    # Domains that are advice, and things that look like domains
    "Zie rijksoverheid.nl voor TONK",
    "nos.nl had het nieuws",
    "Ik heb het op Instagram.com gezien",
    "versie 2.0.1 van de app",
    "stuur het bestand foto.jpg",
    "klaar.De volgende dag ging het beter",
    "o.a. de GGD en e.g. the police",
    # Words that look like names (strict mode)
    "Het is heet vandaag",
    "Het water was heet, au",
    "De regeling heet TONK",
    "I called the police",
    "Ze belde me twee keer",
    "He called 112 right away",
]


def _found(text: str, *, strict: bool = False) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal_information(text, strict=strict)]


@pytest.mark.parametrize(
    ("text", "kind", "matched"), NEW_POSITIVE, ids=[p[0] for p in NEW_POSITIVE]
)
def test_ways_around_a_filter_are_found_in_both_modes(text, kind, matched):
    assert (kind, matched) in _found(text)
    assert (kind, matched) in _found(text, strict=True)


@pytest.mark.parametrize(
    ("text", "kind", "matched"), STRICT_POSITIVE, ids=[p[0] for p in STRICT_POSITIVE]
)
def test_names_and_links_are_found_in_strict_mode_only(text, kind, matched):
    assert (kind, matched) in _found(text, strict=True)
    assert (kind, matched) not in _found(text)


@pytest.mark.parametrize(
    ("text", "kind", "matched"), TOOLKIT_POSITIVE, ids=[p[0] for p in TOOLKIT_POSITIVE]
)
def test_strict_mode_finds_everything_the_forum_finds(text, kind, matched):
    assert (kind, matched) in _found(text, strict=True)


@pytest.mark.parametrize("text", NEW_NEGATIVE + TOOLKIT_NEGATIVE)
def test_everyday_numbers_and_words_raise_no_false_alarm(text):
    assert _found(text) == []
    assert _found(text, strict=True) == []


def test_the_table_has_at_least_80_positive_and_40_negative_examples():
    positives = NEW_POSITIVE + STRICT_POSITIVE + TOOLKIT_POSITIVE
    negatives = NEW_NEGATIVE + TOOLKIT_NEGATIVE

    assert len(NEW_POSITIVE) + len(STRICT_POSITIVE) >= 60
    assert len(NEW_NEGATIVE) >= 40
    assert len(positives) >= 80
    assert len(negatives) >= 40
