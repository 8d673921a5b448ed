"""The personal-information guard, tested on a table of real-looking examples.

Each positive example names the kind and the exact text that must be found; each
negative example is something members write every day that must pass unflagged.
"""

import pytest

from community.moderation.pii import (
    ADDRESS,
    EMAIL,
    IBAN,
    LICENCE_PLATE,
    PHONE,
    SOCIAL_HANDLE,
    Finding,
    find_personal_information,
)

POSITIVE = [
    # Phone numbers: Dutch mobiles
    ("Bel me op 0612345678 na tienen", PHONE, "0612345678"),
    ("app: 06-12345678", PHONE, "06-12345678"),
    ("mijn nummer is 06 12 34 56 78.", PHONE, "06 12 34 56 78"),
    ("06 1234 5678 (alleen sms)", PHONE, "06 1234 5678"),
    ("nummer 06.12.34.56.78", PHONE, "06.12.34.56.78"),
    ("(06) 12345678", PHONE, "(06) 12345678"),
    ("Tel:0612345678", PHONE, "0612345678"),
    ("06 - 123 456 78 is privé", PHONE, "06 - 123 456 78"),
    # +31 / 0031
    ("whatsapp +31612345678", PHONE, "+31612345678"),
    ("+31 6 1234 5678", PHONE, "+31 6 1234 5678"),
    ("bereikbaar op 0031 6 12345678", PHONE, "0031 6 12345678"),
    ("+31 (0)20 123 4567", PHONE, "+31 (0)20 123 4567"),
    ("+31-20-1234567", PHONE, "+31-20-1234567"),
    # Landlines with area codes
    ("thuis: 020-1234567", PHONE, "020-1234567"),
    ("010 123 45 67", PHONE, "010 123 45 67"),
    ("(070) 3456789", PHONE, "(070) 3456789"),
    ("0111-123456 is de vaste lijn", PHONE, "0111-123456"),
    ("bel 0591 12 34 56", PHONE, "0591 12 34 56"),
    ("mijn werk nummer: 020 - 555 12 34", PHONE, "020 - 555 12 34"),
    # International
    ("Belgisch nummer +32 470 12 34 56", PHONE, "+32 470 12 34 56"),
    ("UK: +44 7911 123456", PHONE, "+44 7911 123456"),
    ("Duits 0049 151 12345678", PHONE, "0049 151 12345678"),
    # E-mail addresses
    ("mail roos.v@gmail.com", EMAIL, "roos.v@gmail.com"),
    ("Contact: Lila_88+werk@hotmail.nl.", EMAIL, "Lila_88+werk@hotmail.nl"),
    ("roos at gmail dot com", EMAIL, "roos at gmail dot com"),
    ("lila [at] ziggo [punt] nl", EMAIL, "lila [at] ziggo [punt] nl"),
    ("roos(at)kpnmail(dot)nl", EMAIL, "roos(at)kpnmail(dot)nl"),
    ("mail naar lila apenstaartje outlook punt com", EMAIL, "lila apenstaartje outlook punt com"),
    # ... in the shapes the linear-time rewrite reads differently (a glued "dot", several
    # labels, spaces around brackets and around "@" and ".")
    ("roos at gmaildotcom", EMAIL, "roos at gmaildotcom"),
    ("roos at ziggopunt nl", EMAIL, "roos at ziggopunt nl"),
    ("mail lila at student dot uva dot nl", EMAIL, "lila at student dot uva dot nl"),
    ("lila (at) ziggo (dot) nl", EMAIL, "lila (at) ziggo (dot) nl"),
    ("roos @ gmail . com", EMAIL, "roos @ gmail . com"),
    # Licence plates
    ("Zijn auto: 12-ZKB-3, zwarte Golf", LICENCE_PLATE, "12-ZKB-3"),
    ("kenteken 1-KBF-23", LICENCE_PLATE, "1-KBF-23"),
    ("GZ-123-B stond voor de deur", LICENCE_PLATE, "GZ-123-B"),
    ("busje 99-XL-RS", LICENCE_PLATE, "99-XL-RS"),
    ("nummerbord xd-12-31", LICENCE_PLATE, "xd-12-31"),
    ("grijze Audi, ZZZ-12-V", LICENCE_PLATE, "ZZZ-12-V"),
    ("T-123-BB", LICENCE_PLATE, "T-123-BB"),
    # Street addresses
    ("Ik woon op Stationsstraat 12 driehoog", ADDRESS, "Stationsstraat 12"),
    ("Kerkweg 3a, bel twee keer", ADDRESS, "Kerkweg 3a"),
    ("Oude Gracht 45-2 in Utrecht", ADDRESS, "Oude Gracht 45-2"),
    ("Laan van Meerdervoort 123", ADDRESS, "Laan van Meerdervoort 123"),
    ("kamer aan de Prinsengracht 263", ADDRESS, "Prinsengracht 263"),
    ("Hoofdstraat 7 bis", ADDRESS, "Hoofdstraat 7 bis"),
    ("adres: 2e Kostverlorenkade 14-III", ADDRESS, "2e Kostverlorenkade 14-III"),
    ("Burgemeester de Vlugtlaan 14", ADDRESS, "Burgemeester de Vlugtlaan 14"),
    ("wonend aan de kerkstraat 4 hs", ADDRESS, "kerkstraat 4 hs"),
    ("Dorpsplein 1", ADDRESS, "Dorpsplein 1"),
    ("Het adres is Herengracht 502-A", ADDRESS, "Herengracht 502-A"),
    ("Nieuwe Binnenweg 120b", ADDRESS, "Nieuwe Binnenweg 120b"),
    # In quotes, and with an apostrophe in front: a match may start after an apostrophe.
    ("woon op 'Oude Gracht 45'", ADDRESS, "Oude Gracht 45"),
    ("'s-Gravendijkwal 12", ADDRESS, "'s-Gravendijkwal 12"),
    ("kamer aan de Oudezijds Achterburgwal 99", ADDRESS, "Oudezijds Achterburgwal 99"),
    # IBAN
    ("Maak het over op NL91 ABNA 0417 1643 00", IBAN, "NL91 ABNA 0417 1643 00"),
    ("iban NL91ABNA0417164300 graag", IBAN, "NL91ABNA0417164300"),
    ("BE68 5390 0754 7034", IBAN, "BE68 5390 0754 7034"),
    ("DE89 3704 0044 0532 0130 00", IBAN, "DE89 3704 0044 0532 0130 00"),
    ("nl91abna0417164300", IBAN, "nl91abna0417164300"),
    # Social media handles (with a platform context)
    ("volg me op insta: @roosje_x", SOCIAL_HANDLE, "insta: @roosje_x"),
    ("IG: lila.official", SOCIAL_HANDLE, "IG: lila.official"),
    ("snap @roos123", SOCIAL_HANDLE, "snap @roos123"),
    ("kijk op onlyfans.com/lilalove", SOCIAL_HANDLE, "onlyfans.com/lilalove"),
    (
        "https://www.instagram.com/roos.amsterdam/",
        SOCIAL_HANDLE,
        "https://www.instagram.com/roos.amsterdam",
    ),
    ("telegram: t.me/lila_nl", SOCIAL_HANDLE, "telegram: t.me/lila_nl"),
    ("OF: lilalove", SOCIAL_HANDLE, "OF: lilalove"),
    ("ik ben @roosje_x op insta", SOCIAL_HANDLE, "@roosje_x op insta"),
    ("Twitter:@lila_nl", SOCIAL_HANDLE, "Twitter:@lila_nl"),
]

NEGATIVE = [
    "Spreekuur van 13:00-15:00 bij de GGD",
    "Het kost € 50 per keer",
    "Prijs: 150 euro, of 1.250 per maand",
    "Afspraak op 12-03-2024 om 10:30",
    "Op 01-02-2024 begon het",
    "Sinds 2019 werk ik zelfstandig",
    "Elke 1e dinsdag van de maand",
    "De postcode 1012 AB is centrum",
    "Ik zat 3 uur te wachten",
    "Ik was onderweg 20 minuten",
    "Op de snelweg 2 keer bijna gebotst",
    "Hoi @roos, hoe gaat het?",
    "Dank @lila_88 voor je tip",
    "Wil je koffie of thee?",
    "Ik heb 2 kinderen en 1 kat",
    "Bel de GGD: 0800-1234",
    "Bel 0900 1234 voor info",
    "Zie artikel 3.2 van de regels",
    "Tozo 2020-2021 aangevraagd",
    "Versie 1.2.3 van de app",
    "Het gebeurde tussen 22:00 en 02:00",
    "Mijn KvK-nummer heb ik nog niet",
    "Ik werk 4 dagen per week",
    "In de jaren 80 was het anders",
    "Een COVID-19 test gedaan",
    "AB-12 is geen kenteken",
    "Op het werk 5 klanten gehad",
    "Ik loop 10 km per dag",
    "Ik heb het op insta gezien",
    "Staat op de markt 3 keer per week",
    "Wij zaten aan tafel 12",
    "Om 8 uur op de weg 2 keer gestopt",
    "Mijn score was 06-10 vorig jaar",
    "Nummer 12 34 56 in de rij",
    "Het getal 1234567890123 is geen nummer",
    "NL12 3456 7890 1234 56 (ongeldig)",
    "tel. 112 bij nood",
    "roos@ is geen adres",
    "Lees meer op ggd.nl/sekswerk",
    "We spreken af op het Plein",
    "Ik verdien 1500 per maand",
    "Dat was in 2023 en 2024",
    "Kamer 3b op de tweede verdieping",
    "score 3-2 voor Ajax",
    "Tussen 14:00 - 16:00 ben ik vrij",
    "Vanavond om 20.00 uur meeting in zaal 3",
    "Insta is echt verslavend",
    "Hoofdstuk 4 van het boek",
    "Kamer 12, gang B",
    "Ik ben op weg 2 huizen verder",
    "Bel 112 bij gevaar, of 0900-8844 voor de politie",
]


@pytest.mark.parametrize(("text", "kind", "matched"), POSITIVE, ids=[p[0] for p in POSITIVE])
def test_personal_information_is_found(text, kind, matched):
    findings = find_personal_information(text)

    assert (kind, matched) in [(f.kind, f.text) for f in findings], findings


@pytest.mark.parametrize("text", NEGATIVE)
def test_everyday_text_is_not_flagged(text):
    assert find_personal_information(text) == []


def test_the_table_has_at_least_40_positive_and_40_negative_examples():
    assert len(POSITIVE) >= 40
    assert len(NEGATIVE) >= 40


def test_findings_carry_span_and_label_and_do_not_overlap():
    text = "Stuur naar NL91 ABNA 0417 1643 00 of bel 06-12345678"

    findings = find_personal_information(text)

    assert [f.kind for f in findings] == [IBAN, PHONE]
    for finding in findings:
        start, end = finding.span
        assert text[start:end] == finding.text
        assert finding.label
    assert isinstance(findings[0], Finding)


def test_labels_are_readable_in_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert find_personal_information("06-12345678")[0].label == "Phone number"
    with translation.override("nl"):
        assert find_personal_information("06-12345678")[0].label == "Telefoonnummer"


def test_mentions_of_pseudonyms_are_never_handles():
    assert find_personal_information("@roos @lila_88 @nachtvlinder3 bedankt!") == []


def test_empty_text():
    assert find_personal_information("") == []
