"""The personal-information guard: finds what could out or dox someone. Pure functions.

    find_personal_information(text) -> list[Finding]

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
KINDS = (IBAN, EMAIL, SOCIAL_HANDLE, PHONE, LICENCE_PLATE, ADDRESS)

LABELS = {
    PHONE: _("Phone number"),
    EMAIL: _("E-mail address"),
    LICENCE_PLATE: _("Licence plate"),
    ADDRESS: _("Street address"),
    IBAN: _("Bank account number (IBAN)"),
    SOCIAL_HANDLE: _("Social media account"),
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


def _addresses(text: str) -> list[tuple[int, int]]:
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
    for pattern in (_PLATFORM_CONTEXT, _HANDLE_ON_PLATFORM):
        for match in pattern.finditer(text):
            handle = match.group("handle").lstrip("@")
            # A phone number after "whatsapp:" is found as a phone; words like "is"
            # after "insta:" are not handles.
            if handle.isdigit() or handle.lower() in {"is", "en", "of", "op", "me", "mij"}:
                continue
            spans.append(match.span())
    return spans


# --- Putting it together --------------------------------------------------------------
_FINDERS = {
    IBAN: _ibans,
    EMAIL: _emails,
    SOCIAL_HANDLE: _handles,
    PHONE: _phones,
    LICENCE_PLATE: lambda text: [m.span() for m in _PLATE.finditer(text)],
    ADDRESS: _addresses,
}
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


def find_personal_information(text: str) -> list[Finding]:
    """Everything in `text` that looks like personal information, in text order.

    Kinds are tried in the order of KINDS; a later kind never reports a span that
    overlaps an earlier finding.
    """
    text = (text or "")[:MAX_TEXT_LENGTH]
    # The spans taken so far, sorted and not overlapping (so their ends are sorted too):
    # a new span overlaps one iff the last taken span starting before its end reaches
    # past its start. Bisecting keeps a text with thousands of findings linear-ish.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    findings: list[Finding] = []
    for kind in KINDS:
        for start, end in _merged(_FINDERS[kind](text)):
            index = bisect_left(taken_starts, end)
            if index and taken_ends[index - 1] > start:
                continue
            taken_starts.insert(index, start)
            taken_ends.insert(index, end)
            findings.append(Finding(kind=kind, text=text[start:end], span=(start, end)))
    return sorted(findings, key=lambda finding: finding.span)
