"""The personal-information guard: finds what could out or dox someone. Pure functions.

    find_personal_information(text, *, strict=False) -> list[Finding]

`strict=True` is for texts that must warn without identifying anyone (safety
warnings): it also finds names after "named"/"called"/"heet" and links with a scheme
(http://…), which would be false alarms in a forum post or a chat message.

A Finding has `kind` (one of KINDS), `text` (the matched text), `span` (start, end)
and `label` (a translated description for the author's warning). Findings are sorted
by position and never overlap (an IBAN's digits are not also a phone number).

What is found, and the decisions behind it:

* phone: Dutch mobiles (06…, with spaces, dashes or dots in the usual groupings),
  Dutch landlines with an area code (010-1234567, (020) 123 45 67, 0111-123456),
  +31 / 0031 numbers, and international numbers written with + or 00 and a country
  code. Dates, times, prices, postal codes and years have other shapes and are left
  alone; 0800/090x service numbers are not personal and are left alone too.
* email: ordinary addresses, and spelled-out ones ("roos at gmail dot com",
  "roos [at] hotmail [punt] nl", "roos apenstaartje ziggo punt nl") when they end in a
  common top-level domain.
* licence_plate: the Dutch sidecodes 1-14 (XX-99-99 … 999-XX-9), written with dashes,
  using the consonants Dutch plates use.
* address: a street name ending in a Dutch street word (Stationsstraat, Kerkweg, Oude
  Gracht, Laan van Meerdervoort …) followed by a house number with optional letter or
  addition (12, 3a, 45-2, 7 bis, 8-III). Words such as "onderweg" or "snelweg", and
  numbers followed by a unit ("3 uur", "2 keer", "5 euro"), are not addresses.
* iban: country code, check digits and account, validated with the mod-97 check
  (so a random run of characters is not flagged).
* phone, written to get past a filter: digits spread out with spaces, dots or dashes
  ("0 6 - 1 2 3 4 5 6 7 8"), partly in words, Dutch or English ("nul zes 12345678",
  "zero six 1234 5678"). A run of digits and digit words is a phone number when, read
  from a digit group that starts with 0 (or +/00) to the end of the run, it has a
  Dutch number's ten digits (or an international number's length); a date inside the
  run ("01-02-2024 10:30") is not read as one.
* licence_plate, after a context word ("kenteken", "nummerbord", "plate"): any
  plate-shaped string of 4-8 letters and digits with both in it, valid sidecode or not
  ("kenteken AB 123 C").
* address without a street word: a capitalised name, a house number and a known Dutch
  town ("Damrak 1, Amsterdam", "Spui 21 in Den Haag"); words like "Kamer", "Hoofdstuk"
  or a town itself are not street names ("Kamer 12, Utrecht").
* website: bare domains ("roos-escort.nl", "www.lila.com/over-mij"), except a short
  list of public organisations, news sites and platforms' home pages (`SAFE_DOMAINS`:
  "ggd.nl/sekswerk" is advice, not a person). Links with a scheme only when strict.
* name (strict only): one to three name words after "named", "called", "heet",
  "genaamd", "naam is", "noemt zich" … ("hij heet Jan de Vries"). After "heet" (also
  Dutch for "hot") or "called" a lowercase word counts only after a pronoun ("hij heet
  jan"; "het is heet vandaag" is weather).
* social_handle: only with a platform context, because forum @mentions of pseudonyms
  look exactly like handles: a profile URL (instagram.com/name, onlyfans.com/name,
  t.me/name, wa.me/316…), a platform word with ":" or "@" ("insta: roosje_x",
  "snap @roos123", "IG: roos.x", "OF: roos"), or "@name op insta".

Postal codes alone ("1012 AB") are not flagged: a postal code without a house number
names a street, not a home, and members use them to talk about neighbourhoods.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PHONE = "phone"
EMAIL = "email"
LICENCE_PLATE = "licence_plate"
ADDRESS = "address"
IBAN = "iban"
SOCIAL_HANDLE = "social_handle"
WEBSITE = "website"
NAME = "name"
KINDS = (IBAN, EMAIL, SOCIAL_HANDLE, PHONE, LICENCE_PLATE, ADDRESS, WEBSITE)
STRICT_KINDS = (*KINDS, NAME)

LABELS = {
    PHONE: _("Phone number"),
    EMAIL: _("E-mail address"),
    LICENCE_PLATE: _("Licence plate"),
    ADDRESS: _("Street address"),
    IBAN: _("Bank account number (IBAN)"),
    SOCIAL_HANDLE: _("Social media account"),
    WEBSITE: _("Website address"),
    NAME: _("Name"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    span: tuple[int, int]

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])


# --- Phone numbers -------------------------------------------------------------------
_S = r"[ .\-]"  # one separator inside a number
_LEAD = r"(?<![\w+/.\-])"  # not glued to a word, another number or a URL
_TAIL = r"(?![\w\-/]|[.,:]\d)"  # not followed by more number or word
_PREFIX_SEP = r"(?:\s?[.\-/]\s?|\s)?"  # between area code / 06 and the rest
_EIGHT = (
    rf"(?:\d{{8}}|\d{{4}}{_S}\d{{4}}|\d{{2}}{_S}\d{{2}}{_S}\d{{2}}{_S}\d{{2}}"
    rf"|\d{{3}}{_S}\d{{3}}{_S}\d{{2}}|\d{{3}}{_S}\d{{2}}{_S}\d{{3}}|\d{{2}}{_S}\d{{3}}{_S}\d{{3}}"
    rf"|\d{{4}}{_S}\d{{2}}{_S}\d{{2}}|\d{{2}}{_S}\d{{2}}{_S}\d{{4}})"
)
_SEVEN = (
    rf"(?:\d{{7}}|\d{{3}}{_S}\d{{4}}|\d{{3}}{_S}\d{{2}}{_S}\d{{2}}|\d{{2}}{_S}\d{{2}}{_S}\d{{3}}"
    rf"|\d{{4}}{_S}\d{{3}})"
)
_SIX = rf"(?:\d{{6}}|\d{{2}}{_S}\d{{2}}{_S}\d{{2}}|\d{{3}}{_S}\d{{3}})"
_NL_MOBILE = re.compile(rf"(?:{_LEAD})\(?06\)?{_PREFIX_SEP}{_EIGHT}{_TAIL}")
# Area codes: 0 + two digits (010, 020 …) or three (0111 …); not 06 (mobile) and not
# the 0800/090x service numbers.
_NL_LANDLINE = re.compile(
    rf"(?:{_LEAD})(?:\(?0(?!6|800|90)[1-9]\d\)?{_PREFIX_SEP}{_SEVEN}"
    rf"|\(?0(?!6|800|90)[1-9]\d\d\)?{_PREFIX_SEP}{_SIX}){_TAIL}"
)
_NL_INTERNATIONAL = re.compile(
    rf"(?<![\w+])(?:\+|00)\s?31\s?(?:\(0\)\s?)?[\-.]?\s?\(?[1-9]\)?(?:{_S}?\d){{8}}{_TAIL}"
)
_INTERNATIONAL = re.compile(
    rf"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{{0,2}}(?:{_S}?\(?\d{{1,4}}\)?){{2,6}}{_TAIL}"
)


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, one or more per line."""
    return frozenset(words.split())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _phones(text: str) -> list[tuple[int, int]]:
    spans = []
    for pattern in (_NL_INTERNATIONAL, _NL_MOBILE, _NL_LANDLINE):
        spans.extend(m.span() for m in pattern.finditer(text))
    for match in _INTERNATIONAL.finditer(text):
        digits = _digits(match.group())
        if match.group().startswith("00"):
            digits = digits[2:]
        # E.164: country code + number, 8 to 15 digits.
        if 8 <= len(digits) <= 15:
            spans.append(match.span())
    spans.extend(_spread_phones(text))
    return spans


# Numbers written to get past a filter: "0 6 - 1 2 3 4 5 6 7 8", "nul zes 12345678".
# A run is digit groups and digit words joined by one to three separators. Every part
# is possessive and no two parts can read the same character, so a run is read once,
# left to right; what it holds is decided in Python.
_DIGIT_WORDS = {
    "nul": "0",
    "zero": "0",
    "een": "1",
    "één": "1",
    "one": "1",
    "twee": "2",
    "two": "2",
    "drie": "3",
    "three": "3",
    "vier": "4",
    "four": "4",
    "vijf": "5",
    "five": "5",
    "zes": "6",
    "six": "6",
    "zeven": "7",
    "seven": "7",
    "acht": "8",
    "eight": "8",
    "negen": "9",
    "nine": "9",
}
_DIGIT_WORD = "(?i:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r")(?!\w)"
_NUMBER_TOKEN = rf"(?:\d++|{_DIGIT_WORD})"
_NUMBER_RUN = re.compile(
    rf"(?<![\w+.,/:€$\-])(?:\+\s?)?{_NUMBER_TOKEN}(?:[ .\-]{{1,3}}+{_NUMBER_TOKEN})*+"
)
_RUN_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_DATE_INSIDE = re.compile(r"(?<!\d)\d{1,2}[\-./]\d{1,2}[\-./](?:19|20)\d\d(?!\d)")
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def _spread_number_is_phone(digits: str, *, international: bool) -> bool:
    if international or digits.startswith("00"):
        number = digits if international else digits[2:]
        if number.startswith("31"):
            return len(number) == 11
        return 8 <= len(number) <= 15 and not number.startswith("0")
    return (
        len(digits) == 10
        and digits.startswith("0")
        and digits[1] != "0"
        and not digits.startswith(_SERVICE_PREFIXES)
    )


def _spread_phones(text: str) -> list[tuple[int, int]]:
    """Phone numbers spread over several digit groups or digit words. Read from a group
    that starts with 0 (or the run's + / 00) to the end of the run: a number that
    stops before the run ends is two numbers, not one phone number."""
    spans = []
    for match in _NUMBER_RUN.finditer(text):
        run = match.group()
        tokens = [
            (match.start() + token.start(), _DIGIT_WORDS.get(token.group().lower(), token.group()))
            for token in _RUN_TOKEN.finditer(run)
        ]
        if len(tokens) < 2:
            continue  # one group: the shapes above decide
        international = run.startswith("+")
        # Digits from each group to the end of the run (suffix lengths fall, so only a
        # handful of groups can start a number of a phone number's length).
        remaining = sum(len(value) for _start, value in tokens)
        for index, (start, value) in enumerate(tokens):
            if 8 <= remaining <= 15 and (value.startswith("0") or (international and index == 0)):
                digits = "".join(v for _s, v in tokens[index:])
                window_start = match.start() if international and index == 0 else start
                candidate = text[window_start : match.end()]
                if _spread_number_is_phone(
                    digits, international=international and index == 0
                ) and not _DATE_INSIDE.search(candidate):
                    spans.append((window_start, match.end()))
                    break
            remaining -= len(value)
    return spans


# --- E-mail addresses -----------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)
_TLDS = r"(?:nl|com|net|org|be|de|eu|info|io|me|co|uk|fr|es|it|biz|online|email|live)"
# The spelled-out address is written so that the engine never has two ways to read the
# same characters (a backtracking engine tries every way, and "a at b dot dot dot … x"
# took seconds): whitespace and brackets are possessive (*+, ++), and the domain is read
# one dot-joiner or one character at a time, stopping at the first place where a
# dot-joiner and a top-level domain end it (the shortest address). A "dot" glued to a
# label ("gmaildotcom", "roospunt gmail") is still read as a joiner.
_WS = r"\s*+"
_OPEN_BRACKET = r"[(\[{<]"
_CLOSE = rf"{_WS}(?:[)\]}}>]{_WS})?"
_AT_JOINER = (
    # "roos at gmail", "roos [at] gmail", "roos apenstaartje gmail"
    rf"\s++(?:{_OPEN_BRACKET}{_WS})?(?:at|@|apenstaartje|apestaart){_CLOSE}"
    # "roos(at)gmail", "roos [(at)] gmail"
    rf"|{_WS}(?:{_OPEN_BRACKET}{_WS}){{1,2}}+(?:at|@){_CLOSE}"
    # "roos@ gmail", "roos @gmail"
    r"|@\s++|\s++@"
)
_DOT_JOINER = rf"{_WS}(?:{_OPEN_BRACKET}{_WS})?(?:dot|punt|\.){_CLOSE}"
_SPELLED_END = rf"{_DOT_JOINER}{_TLDS}(?![\w-])"
_EMAIL_SPELLED = re.compile(
    rf"(?<![\w.+-])[\w.+-]{{1,64}}(?:{_AT_JOINER})"
    rf"[\w-](?:(?!{_SPELLED_END})(?:{_DOT_JOINER}(?=[\w-])|[\w-]))*+{_SPELLED_END}",
    re.IGNORECASE,
)


def _emails(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _EMAIL.finditer(text)]
    for match in _EMAIL_SPELLED.finditer(text):
        spelled = match.group()
        # "at" and "dot" as plain words need the dot spelled out too, which the regex
        # requires; guard against ordinary sentences like "kom at home.nl" being odd.
        if re.search(r"\b(?:at|apenstaartje|apestaart)\b|[(\[{<]|@", spelled, re.IGNORECASE):
            spans.append(match.span())
    return spans


# --- Licence plates (Dutch sidecodes 1-14) --------------------------------------------
_L = "[BDFGHJKLNPRSTVXZ]"
_SIDECODES = [
    rf"{_L}{{2}}-\d{{2}}-\d{{2}}",  # 1  XX-99-99
    rf"\d{{2}}-\d{{2}}-{_L}{{2}}",  # 2  99-99-XX
    rf"\d{{2}}-{_L}{{2}}-\d{{2}}",  # 3  99-XX-99
    rf"{_L}{{2}}-\d{{2}}-{_L}{{2}}",  # 4  XX-99-XX
    rf"{_L}{{2}}-{_L}{{2}}-\d{{2}}",  # 5  XX-XX-99
    rf"\d{{2}}-{_L}{{2}}-{_L}{{2}}",  # 6  99-XX-XX
    rf"\d{{2}}-{_L}{{3}}-\d",  # 7  99-XXX-9
    rf"\d-{_L}{{3}}-\d{{2}}",  # 8  9-XXX-99
    rf"{_L}{{2}}-\d{{3}}-{_L}",  # 9  XX-999-X
    rf"{_L}-\d{{3}}-{_L}{{2}}",  # 10 X-999-XX
    rf"{_L}{{3}}-\d{{2}}-{_L}",  # 11 XXX-99-X
    rf"{_L}-\d{{2}}-{_L}{{3}}",  # 12 X-99-XXX
    rf"\d-{_L}{{2}}-\d{{3}}",  # 13 9-XX-999
    rf"\d{{3}}-{_L}{{2}}-\d",  # 14 999-XX-9
]
_PLATE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_SIDECODES) + r")(?![\w-])",
    re.IGNORECASE,
)
# After a context word any plate-shaped string counts, valid sidecode or not: "kenteken
# AB 123 C", "plate 12ZKB3". Read a bounded stretch; Python keeps the words that make a
# plate (4-8 letters and digits, both present) and stops at an ordinary word.
_PLATE_CONTEXT = re.compile(
    r"(?<!\w)(?i:kenteken(?:nummer|plaat)?|nummerbord|nummerplaat|number\s?plate|"
    r"licen[cs]e\s?plate|plate|registration(?:\s?number)?)"
    r"(?:\s++(?i:is|was|van|of|de|het|die|the|his|her|zijn|haar|auto|car|busje|wagen|"
    r"nummer|number)(?!\w))*+\s*+:?\s*+"
    r"(?P<plate>[A-Za-z0-9](?:[ \-]?[A-Za-z0-9]){3,9})"
)
_PLATE_WORD_SPLIT = re.compile(r" ")


def _plates(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PLATE.finditer(text)]
    for match in _PLATE_CONTEXT.finditer(text):
        start = match.start("plate")
        kept = ""
        for index, word in enumerate(_PLATE_WORD_SPLIT.split(match.group("plate"))):
            # An ordinary lowercase word ends the plate ("kenteken 12-ZKB-3 was zwart").
            if index and word.isalpha() and word.islower() and len(word) >= 3:
                break
            candidate = f"{kept} {word}" if kept else word
            if len(_alnum(candidate)) > 8:
                break
            kept = candidate
        characters = _alnum(kept)
        if (
            4 <= len(characters) <= 8
            and any(c.isdigit() for c in characters)
            and any(c.isalpha() for c in characters)
        ):
            spans.append((start, start + len(kept)))
    return spans


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


# --- Street addresses ------------------------------------------------------------------
_STREET_WORDS = (
    "straat|weg|laan|plein|gracht|kade|singel|dijk|steeg|pad|dreef|plantsoen|burgwal|"
    "wal|kanaal|haven|baan|ring|allee|boulevard|erf|oord|zijde|werf|dam|straatweg|"
    "steenweg|passage|promenade|hof|markt|veld|hoven|kwartier|park|akker|donk|horst|"
    "kamp|dreve|lei|vest|poort|brink|molen|tuin|tuinen|hout|berg|heuvel|es|meent"
)
_NOT_STREETS = frozenset(
    {
        "onderweg",
        "halverwege",
        "snelweg",
        "spoorweg",
        "zijweg",
        "uitweg",
        "omweg",
        "middenweg",
        "tussenweg",
        "snelwegen",
        "straat",
        "weg",
        "werkweg",
        "terugweg",
        "heenweg",
        "zeeweg",
        "kerkhof",
        "gerechtshof",
        "binnenhof",
        "hof",
        "markt",
        "arbeidsmarkt",
        "woningmarkt",
        "supermarkt",
        "zwartemarkt",
        "veld",
        "park",
        "berg",
        "tuin",
        "haven",
        "molen",
        "poort",
        "ring",
        "baan",
        "loopbaan",
        "ijsbaan",
        "autobaan",
        "dam",
        "wal",
        "es",
        "pad",
        "kamp",
        "zomerkamp",
        "hout",
        "erf",
        "werf",
        "dijk",
        "zijde",
        "lei",
        "vest",
        "akker",
        "oord",
        "passage",
        "boulevard",
        "feyenoord",
    }
)
_HOUSE_NUMBER = (
    r"(?P<number>[1-9]\d{0,4}(?:\s?[a-zA-Z](?![a-zA-Z]))?"
    r"(?:\s?[-/]\s?(?:\d{1,4}[a-zA-Z]?|[IVX]{1,4}|hs|bis|zw|rd|bg|[A-Za-z](?![A-Za-z]))"
    r"|\s(?:hs|bis|zw|rd|bg|huis)|"
    r"\s?-?(?:I{1,3}|IV|V)(?![\w]))?)"
)
# Numbers followed by one of these are amounts, times or counts, not house numbers.
_UNIT = (
    r"(?!\s*+(?:uur|u\b|min\b|minuten|minuutjes|sec|seconden|keer|x\b|euro|eur\b|€|%|procent|"
    r"jaar|jaren|jarige|dag|dagen|week|weken|maand|maanden|km|kilometer|kg|kilo|cm|meter|m\b|"
    r"mensen|personen|klanten|stuks|keren|graden|:|\.\d|,\d|e\b|ste\b|de\b))"
)
_PREPOSITIONS = r"(?:van|de|der|den|het|op|aan|in|ten|ter|te|bij|achter|over|'t|t)"
_STREET_WORD_LIST = _STREET_WORDS.split("|")
# A street-name word is read whole (possessively, at most _MAX_WORD characters), then
# checked to end in a street word. Reading it and then trying every street word at
# every shorter length made a run of 20,000 apostrophes take minutes: a match may start
# after any apostrophe ("'Oude Gracht 45'"), so each start has to cost a bounded amount.
_MAX_WORD = 50
_WORD_CHARS = r"[\w'\u00e0-\u00ff-]"
_CAP = rf"[A-Z\u00c0-\u00de]{_WORD_CHARS}{{0,{_MAX_WORD - 1}}}+"
# One look at the last letter first: most words end in none of the street words' letters.
_LAST_LETTERS = "".join(sorted({word[-1] for word in _STREET_WORD_LIST}))
_ENDS_IN_STREET_WORD = (
    f"(?i:(?<=[{_LAST_LETTERS}])(?:" + "|".join(f"(?<={word})" for word in _STREET_WORD_LIST) + "))"
)
# Case matters for the optional first words (a capital marks a name), not for the
# street word itself: "Kerkstraat" and "kerkstraat" are both streets.
_STREET = re.compile(
    # Not from inside a run of apostrophes: the last one is where a name can begin.
    r"(?<![\w-])(?!'')(?P<street>"
    # "Stationsstraat", "Oude Gracht", "Nieuwe Binnenweg", "2e Kostverlorenkade"
    rf"(?:(?:\d{{1,2}}e|Eerste|Tweede|Derde|Oude|Nieuwe|Korte|Lange|Hoge|Lage|Grote|Kleine|"
    rf"Sint|St\.|Van|De|Den|Burgemeester|Burg\.|Prins|Prinses|Koning|Koningin|Dokter|Dr\.)\s)?"
    rf"(?:{_CAP}\s)?(?:(?:de|van|der|den|ter|ten|'t)\s){{0,2}}"
    rf"{_WORD_CHARS}{{1,{_MAX_WORD}}}+{_ENDS_IN_STREET_WORD}"
    # "Laan van Meerdervoort", "Plein 1944"? (numbers are house numbers here), "Kade aan de Maas"
    rf"(?:\s{_PREPOSITIONS}(?:\s{_PREPOSITIONS})?\s{_CAP})?"
    r")"
    rf"\s{_HOUSE_NUMBER}{_UNIT}(?![\w-])",
)
_LONGEST_STREET_WORD = max(len(word) for word in _STREET_WORD_LIST)
_COMPOUND_STREET = re.compile(rf"\w{{3}}(?:{_STREET_WORDS})$")


# A street without a street word ("Damrak 1, Amsterdam"): only with a house number and a
# known town after it, because a capitalised word and a number alone are everywhere
# ("Kamer 12", "Ajax 2").
_TOWNS = (
    "Amsterdam|Rotterdam|Den Haag|'s-Gravenhage|Utrecht|Eindhoven|Groningen|Tilburg|"
    "Almere|Breda|Nijmegen|Apeldoorn|Arnhem|Haarlem|Haarlemmermeer|Enschede|Amersfoort|"
    "Zaanstad|Zaandam|'s-Hertogenbosch|Den Bosch|Zwolle|Leiden|Zoetermeer|Leeuwarden|"
    "Maastricht|Dordrecht|Ede|Alphen aan den Rijn|Alkmaar|Emmen|Westland|Delft|Venlo|"
    "Deventer|Sittard|Helmond|Oss|Amstelveen|Hilversum|Heerlen|Hengelo|Purmerend|"
    "Schiedam|Lelystad|Roosendaal|Leidschendam|Voorburg|Gouda|Vlaardingen|Hoorn|"
    "Almelo|Spijkenisse|Assen|Capelle aan den IJssel|Veenendaal|Katwijk|Zeist|Nieuwegein|"
    "Roermond|Den Helder|Doetinchem|Hoogeveen|Terneuzen|Kampen|Harderwijk|Vlissingen|"
    "Middelburg|Weert|Heerhugowaard|Bergen op Zoom|Barneveld|Rijswijk|Schagen|"
    "Hellevoetsluis|Beverwijk|IJmuiden|Velsen|Diemen|Badhoevedorp|Hoofddorp|Heemstede|"
    "Bussum|Huizen|Wageningen|Tiel|Culemborg|Woerden|Houten|Soest|Baarn|Nijkerk|"
    "Zutphen|Winterswijk|Meppel|Steenwijk|Sneek|Drachten|Heerenveen|Harlingen|Delfzijl|"
    "Veendam|Stadskanaal|Winschoten|Coevorden|Hardenberg|Oldenzaal|Rijssen|Goes|"
    "Zierikzee|Waalwijk|Oosterhout|Etten-Leur|Uden|Veghel|Boxtel|Valkenswaard|Geldrop|"
    "Veldhoven|Best|Kerkrade|Brunssum|Geleen|Venray|Gennep|Cuijk|Boxmeer|Wijchen|"
    "Zevenaar|Duiven|Renkum|Oosterbeek|Velp|Rheden|Zaltbommel|Gorinchem|Papendrecht|"
    "Zwijndrecht|Ridderkerk|Barendrecht|Maassluis|Pijnacker|Nootdorp|Wassenaar|"
    "Noordwijk|Lisse|Hillegom|Nieuw-Vennep|Uithoorn|Aalsmeer|Weesp|Muiden|Edam|"
    "Volendam|Monnickendam|Enkhuizen|Medemblik|Texel|Vlieland|Terschelling|Ameland|"
    "Schiermonnikoog|Urk|Emmeloord|Dronten|Zeewolde"
)
_TOWN_STREET_WORD = r"[A-Z\u00c0-\u00de][\w'\u00e0-\u00ff-]{1,40}+"
_TOWN_ADDRESS = re.compile(
    rf"(?<![\w'-])(?P<street>(?:{_TOWN_STREET_WORD}\s){{0,2}}{_TOWN_STREET_WORD})"
    r"\s(?P<number>[1-9]\d{0,4}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:-\d{1,4})?)"
    rf"\s?,?\s(?:\d{{4}}\s?[A-Z]{{2}}\s)?(?:(?:in|te)\s)?(?P<town>{_TOWNS})(?![\w-])"
)
_TOWN_NAMES = frozenset(town.lower() for town in _TOWNS.split("|"))
# Capitalised words that start a sentence or name a numbered thing, never a street.
_NOT_STREET_NAMES = _word_set(
    """
    op om in na tot van sinds voor met bij rond vanaf tussen tegen naar uit aan door
    ik we wij hij zij ze het de een dat die dit er en maar nog al ook elke iedere alle
    mijn jouw zijn haar onze hun wat wie waar wanneer hoe toen dan nu
    bus tram lijn metro trein spoor perron gate kamer zaal tafel hoofdstuk artikel
    pagina blz versie ronde groep klas blok deel seizoen afdeling verdieping nummer
    stap week dag jaar maand uur minuut les cursus opdracht vraag punt stand score
    room page chapter line table floor step day year number on at from since until
    to the a an my his her our their this that it and but or platform track bus
    januari februari maart april mei juni juli augustus september oktober november
    december january february march may june july august october
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday
    wednesday thursday friday saturday sunday
    """
)


def _town_addresses(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _TOWN_ADDRESS.finditer(text):
        words = match.group("street").split()
        start = match.start("street")
        # Drop leading words that cannot be (part of) a street name: "Op Damrak 1".
        while words and (words[0].lower() in _NOT_STREET_NAMES or words[0].lower() in _TOWN_NAMES):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else -1
            words = words[1:]
        if not words or " ".join(words).lower() in _TOWN_NAMES:
            continue
        spans.append((start, match.end("number")))
    return spans


def _addresses(text: str) -> list[tuple[int, int]]:
    return _street_addresses(text) + _town_addresses(text)


def _street_addresses(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _STREET.finditer(text):
        street = match.group("street")
        words = street.split()
        start = match.start()
        # "de kerkweg 3": the lowercase particle in front is not part of the street.
        while len(words) > 1 and words[0].islower() and not words[0][0].isdigit():
            start = text.index(words[1], start + len(words[0]))
            words = words[1:]
        last_word = words[-1].lower()
        # A single lowercase word must be a compound ("kerkweg"), never the bare
        # street word ("weg 2"), and not one of the common non-street compounds.
        if last_word in _NOT_STREETS and len(words) == 1:
            continue
        # A town is not a street ("Amsterdam 2, Rotterdam 1" is a score).
        if " ".join(words).lower() in _TOWN_NAMES:
            continue
        # Only the word's tail can end in a street word: search that, not the whole
        # word, so a 20,000-letter "word" costs no more than a short one.
        tail = last_word[-(3 + _LONGEST_STREET_WORD) :]
        if len(words) == 1 and not _COMPOUND_STREET.search(tail):
            continue
        # Multi-word streets need a capital, so "de kerk op de weg 3" stays a sentence.
        if len(words) > 1 and not any(w[0].isupper() for w in words):
            continue
        if len(words) > 1 and last_word in _NOT_STREETS and not words[-1][0].isupper():
            continue
        spans.append((start, match.end()))
    return spans


# --- IBAN -------------------------------------------------------------------------------
_IBAN = re.compile(
    r"(?<![\w])[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?![\w])",
    re.IGNORECASE,
)
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27}


def _iban_valid(raw: str) -> bool:
    iban = re.sub(r"\s", "", raw).upper()
    country = iban[:2]
    if not (15 <= len(iban) <= 34) or _IBAN_LENGTHS.get(country, len(iban)) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _ibans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _IBAN.finditer(text):
        raw = match.group()
        # The regex may take a following word-sized group; shrink until valid.
        candidate = raw
        while candidate:
            if _iban_valid(candidate):
                spans.append((match.start(), match.start() + len(candidate.rstrip())))
                break
            parts = candidate.rsplit(" ", 1)
            candidate = parts[0] if len(parts) == 2 else ""
    return spans


# --- Social media handles -------------------------------------------------------------
_HANDLE = r"@?[A-Za-z0-9_][A-Za-z0-9_.]{1,29}(?<!\.)"
_PLATFORM_HOSTS = (
    r"(?:www\.)?(?:instagram\.com|instagr\.am|twitter\.com|x\.com|facebook\.com|fb\.com|"
    r"m\.facebook\.com|tiktok\.com|onlyfans\.com|fansly\.com|snapchat\.com/add|"
    r"t\.me|telegram\.me|wa\.me|linkedin\.com/in|reddit\.com/u(?:ser)?|youtube\.com|"
    r"threads\.net|linktr\.ee|kik\.me|mym\.fans|justfor\.fans|chaturbate\.com|"
    r"pornhub\.com/model|manyvids\.com/Profile/\d+)"
)
_PROFILE_URL = re.compile(
    rf"(?<![\w.])(?:https?://)?{_PLATFORM_HOSTS}/(?:@|\+)?[A-Za-z0-9_.\-]{{2,60}}(?<!\.)",
    re.IGNORECASE,
)
# Chat links that open a conversation with a number or a private group.
_MESSENGER_LINK = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?(?i:"
    r"wa\.me/\+?\d(?:[ .\-]?\d){7,14}"
    r"|api\.whatsapp\.com/send/?\?phone=\+?\d{8,15}"
    r"|chat\.whatsapp\.com/(?:invite/)?[A-Za-z0-9]{6,40}"
    r"|t\.me/(?:joinchat/|\+)[A-Za-z0-9_\-]{6,40}"
    r"|signal\.me/#p/\+?\d{8,15}"
    r"|signal\.group/#[A-Za-z0-9_\-]{6,80})"
)
# Long platform words are unambiguous; short ones (IG, OF, SC, TT, X) must be capitals,
# because "of" means "or" in Dutch.
_PLATFORM_WORD = (
    r"(?:(?i:insta|instagram|snap|snapchat|twitter|tiktok|onlyfans|fansly|telegram|"
    r"kik|wickr|signal|threema|discord|facebook|fb|whatsapp|skype|wechat|line|session|"
    r"mym|reddit)|IG|OF|SC|TT|TG|X|WA)"
)
_PLATFORM_CONTEXT = re.compile(
    rf"(?<![\w@]){_PLATFORM_WORD}(?:\s?(?:naam|name|account|handle|id))?"
    rf"(?:\s*[:=]\s*|\s+@|\s*:\s*@)(?P<handle>{_HANDLE})",
)
_HANDLE_ON_PLATFORM = re.compile(
    rf"(?<![\w@])(?P<handle>@[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}})(?<!\.)\s+"
    rf"(?:op|on|via|bij)\s+{_PLATFORM_WORD}(?!\w)",
)


def _handles(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _PROFILE_URL.finditer(text)]
    spans.extend(m.span() for m in _MESSENGER_LINK.finditer(text))
    for pattern in (_PLATFORM_CONTEXT, _HANDLE_ON_PLATFORM):
        for match in pattern.finditer(text):
            handle = match.group("handle").lstrip("@")
            # A phone number after "whatsapp:" is found as a phone; words like "is"
            # after "insta:" are not handles.
            if handle.isdigit() or handle.lower() in {"is", "en", "of", "op", "me", "mij"}:
                continue
            spans.append(match.span())
    return spans


# --- Websites --------------------------------------------------------------------------
# Sites of public organisations, news and platforms' home pages: naming them is advice
# ("lees ggd.nl/sekswerk"), not a way to find a person. A subdomain counts as its parent.
SAFE_DOMAINS = _word_set(
    """
    ggd.nl ggdghor.nl ggdamsterdam.nl rijksoverheid.nl overheid.nl government.nl
    politie.nl uglymugs.nl soaaids.nl proud-nl.org sekswerkexpertise.nl
    belastingdienst.nl toeslagen.nl kvk.nl uwv.nl svb.nl thuisarts.nl 113.nl
    meldmisdaadanoniem.nl veiligthuis.nl slachtofferhulp.nl centrumseksueelgeweld.nl
    fier.nl juridischloket.nl rechtspraak.nl om.nl cbs.nl mijnoverheid.nl digid.nl
    amsterdam.nl rotterdam.nl denhaag.nl utrecht.nl eindhoven.nl groningen.nl
    arnhem.nl nijmegen.nl nos.nl nu.nl rtl.nl rtlnieuws.nl ad.nl parool.nl
    volkskrant.nl nrc.nl trouw.nl telegraaf.nl wikipedia.org google.com google.nl
    youtube.com instagram.com facebook.com tiktok.com x.com twitter.com whatsapp.com
    signal.org telegram.org onlyfans.com
    """
)
_WEB_TLDS = (
    "nl|com|net|org|be|de|eu|info|io|me|co|uk|fr|es|it|biz|online|email|live|app|site|"
    "xyz|shop|club|top|tv|ly|gg|to|cc|ws|fans|xxx|sex|porn|escort|dating|link|page|blog|"
    "nu|am|ch|at|pl|ro|bg|hu|cz|ru|ua"
)
# Top-level domains that are also words: "klaar.me" in a sentence without a space after
# the full stop is not a site, so these need a name of three characters or more.
_WORDLIKE_TLDS = _word_set("be de me it es to am nu co at")
# Labels are possessive and end in a dot, the top-level domain does not: the engine
# reads each character once. No start right after a dot, "@", "/" or ":" (the middle of
# an e-mail address or a link).
_BARE_DOMAIN = re.compile(
    r"(?<![\w@./:\-])(?:www\.)?(?P<host>(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}+\.(?=[A-Za-z0-9]))++"
    rf"(?P<tld>{_WEB_TLDS}))(?![\w\-@])(?:/[^\s<>\"')\]]*+)?"
)
_SCHEME_URL = re.compile(
    r"(?i:\bhttps?://)(?:www\.)?(?P<host>[A-Za-z0-9.\-]{1,253}+)(?:[/?#][^\s<>\"')\]]*+)?"
)
_TRAILING_PUNCTUATION = ".,;:!?"


def _is_safe_host(host: str) -> bool:
    parts = host.lower().removeprefix("www.").split(".")
    return any(".".join(parts[index:]) in SAFE_DOMAINS for index in range(len(parts) - 1))


def _trimmed(match: re.Match) -> tuple[int, int]:
    """A sentence's full stop after a link is not part of it."""
    end = match.end()
    while end > match.start() and match.string[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return match.start(), end


def _bare_websites(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _BARE_DOMAIN.finditer(text):
        host = match.group("host")
        name = host[: -len(match.group("tld")) - 1].rsplit(".", 1)[-1]
        if match.group("tld") in _WORDLIKE_TLDS and len(name) < 3:
            continue
        if not _is_safe_host(host):
            spans.append(_trimmed(match))
    return spans


def _all_websites(text: str) -> list[tuple[int, int]]:
    spans = _bare_websites(text)
    for match in _SCHEME_URL.finditer(text):
        if "." in match.group("host") and not _is_safe_host(match.group("host")):
            spans.append(_trimmed(match))
    return spans


# --- Names (strict only) ------------------------------------------------------------------
_NAME_TRIGGER = (
    # Longer triggers first: "called himself" must not be read as "called" + "himself".
    r"(?<!\w)(?P<trigger>(?i:calls\s++(?:him|her)self|called\s++(?:him|her)self|"
    r"noemt\s++zich(?:zelf)?|noemde\s++zich(?:zelf)?|named|called|heette|heet|genaamd|"
    r"(?:his|her|zijn|haar)\s++(?:real\s++|echte\s++)?(?:name|naam)\s++(?:is|was)|"
    r"name\s*+:|naam\s*+:|alias|aka))"
)
_NAME_WORD = r"[^\W\d_][\w'\-]{0,30}+"
_NAME_CAPITAL_WORD = r"[A-Z\u00c0-\u00de][\w'\-]{0,30}+"
_NAME = re.compile(
    rf"{_NAME_TRIGGER}\s++[\"'\u201c\u2018]?(?P<name>{_NAME_WORD}"
    rf"(?:\s(?:(?:van|de|der|den|ten|ter|el|al|bin|le|la|da|di|du)\s){{0,2}}{_NAME_CAPITAL_WORD}){{0,2}})"
)
# Pronouns that make "heet"/"called" + a lowercase word a name ("hij heet jan").
_NAME_PRONOUN_BEFORE = re.compile(r"(?i:\b(?:hij|zij|ze|die|ie|he|she|they)\s++)$")
# Ambiguous triggers: "heet" is also Dutch for "hot", "called" also "phoned".
_AMBIGUOUS_TRIGGERS = frozenset({"heet", "heette", "called"})
_NOT_NAMES = _word_set(
    """
    niet anders eigenlijk zo dat het de een me mij hem haar je jij jou you him her it a
    an the so also ook nog officieel officially ik i he she we they hij zij ze wij
    jullie zich zichzelf himself herself myself is was and en or of in op at on to naar
    met with vandaag today buiten binnen hier daar weer echt heel erg te too very dus nu
    now toen then wel geen nothing niets iets something someone iemand anyone police
    politie ggd kring tonk tozo sociaal plein ugly mugs whatsapp signal telegram
    instagram snapchat facebook tiktok onlyfans google back terug again opnieuw
    water eten weather weer warm koud cold hot lekker vaak soms always altijd never nooit
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday
    thursday friday saturday sunday januari februari maart april mei juni juli augustus
    september oktober november december january february march may june july august
    october hulp help support ambulance doctor dokter huisarts hem mama papa mum mom dad
    """
)


def _names(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _NAME.finditer(text):
        words = match.group("name").split()
        first = words[0]
        if first.lower() in _NOT_NAMES or (first.isupper() and len(first) > 1):
            continue
        if first[0].islower():
            trigger = match.group("trigger").lower()
            before = text[max(0, match.start() - 12) : match.start()]
            if trigger in _AMBIGUOUS_TRIGGERS and not _NAME_PRONOUN_BEFORE.search(before):
                continue
            # A lowercase name is one word: what follows is the sentence.
            spans.append((match.start("name"), match.start("name") + len(first)))
            continue
        spans.append(match.span("name"))
    return spans


# --- Putting it together --------------------------------------------------------------
_FINDERS = {
    IBAN: _ibans,
    EMAIL: _emails,
    SOCIAL_HANDLE: _handles,
    PHONE: _phones,
    LICENCE_PLATE: _plates,
    ADDRESS: _addresses,
    WEBSITE: _bare_websites,
}
# In strict mode (safety warnings) links with a scheme count too, and names.
_STRICT_FINDERS = {**_FINDERS, WEBSITE: _all_websites, NAME: _names}
MAX_TEXT_LENGTH = 50_000


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans of one kind become one ("telegram: t.me/lila")."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def find_personal_information(text: str, *, strict: bool = False) -> list[Finding]:
    """Everything in `text` that looks like personal information, in text order.

    Kinds are tried in the order of KINDS (STRICT_KINDS when `strict`); a later kind
    never reports a span that overlaps an earlier finding.
    """
    finders = _STRICT_FINDERS if strict else _FINDERS
    text = (text or "")[:MAX_TEXT_LENGTH]
    # The spans taken so far, sorted and not overlapping (so their ends are sorted too):
    # a new span overlaps one iff the last taken span starting before its end reaches
    # past its start. Bisecting keeps a text with thousands of findings linear-ish.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    findings: list[Finding] = []
    for kind in STRICT_KINDS if strict else KINDS:
        for start, end in _merged(finders[kind](text)):
            index = bisect_left(taken_starts, end)
            if index and taken_ends[index - 1] > start:
                continue
            taken_starts.insert(index, start)
            taken_ends.insert(index, end)
            findings.append(Finding(kind=kind, text=text[start:end], span=(start, end)))
    return sorted(findings, key=lambda finding: finding.span)
