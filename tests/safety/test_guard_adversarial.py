"""The guard's new patterns never freeze the server: adversarial inputs up to 20,000
characters, built around what each new pattern looks for (spread-out digits, digit
words, plate context words, a street before a town, domains, chat links, name
triggers), in both modes, each run held to the same 100 ms of CPU as
tests/security/test_adversarial_input.py, whose measuring it reuses."""

from community.moderation.pii import find_personal_information
from tests.security.test_adversarial_input import (
    FILLERS,
    SHORT,
    _repeat,
    adversarial_texts,
    over_budget,
)

LENGTH = 20_000
TRIGGERS = [
    "0 6 -",
    "nul zes",
    "+ 3",
    "00 31",
    "kenteken",
    "kenteken van de auto:",
    "plate was",
    "Damrak 1,",
    "Op Spui",
    "roos.",
    "www.",
    "https://a",
    "wa.me/",
    "t.me/+",
    "hij heet",
    "called himself",
    "genaamd",
]
MORE_FILLERS = [
    *FILLERS,
    " 1",
    "1 ",
    " zes",
    "zes ",
    " nul",
    ".a",
    "a.",
    " van",
    " Jan",
    "-1",
    "A1 ",
]
RUNS = [
    "0 ",
    "0-",
    "0.",
    "nul ",
    "zes-",
    "1 2 ",
    "a.",
    "A.",
    "www.",
    "Damrak ",
    "Damrak 1 ",
    "kenteken ",
    "kenteken van ",
    "heet ",
    "heet Jan ",
    "named ",
    "A1 ",
    "AB-",
    "+ ",
]


def _runs() -> list[tuple[str, str]]:
    """Long runs (a pattern that rereads a run from every position is quadratic): the
    whole 20,000 characters."""
    return [(f"{run!r} repeated", _repeat(run, LENGTH)) for run in RUNS]


def _combinations() -> list[tuple[str, str]]:
    """A trigger, then a filler repeated: a pattern that tries every way to split the
    filler (exponential) blows up long before 2,000 characters."""
    return [
        (
            f"{trigger!r} then {filler!r} repeated",
            trigger + _repeat(filler, SHORT - len(trigger) - 2) + " x",
        )
        for trigger in TRIGGERS
        for filler in MORE_FILLERS
    ]


def test_the_new_inputs_run_in_linear_time_in_both_modes():
    texts = _runs() + _combinations()

    assert over_budget(find_personal_information, texts) == []
    assert over_budget(lambda text: find_personal_information(text, strict=True), texts) == []


def test_strict_mode_is_linear_on_the_security_suites_inputs():
    """The default mode is held to these in tests/security; strict adds names and links."""
    texts = list(adversarial_texts(length=LENGTH, short=SHORT))

    assert over_budget(lambda text: find_personal_information(text, strict=True), texts) == []


def test_a_long_text_full_of_findings_is_still_fast():
    texts = [
        ("spread phones", _repeat("bel 0 6 1 2 3 4 5 6 7 8 of ", LENGTH)),
        ("digit words", _repeat("nul zes 12345678, ", LENGTH)),
        ("plates", _repeat("kenteken AB 123 C en ", LENGTH)),
        ("streets before a town", _repeat("Damrak 1, Amsterdam; ", LENGTH)),
        ("domains", _repeat("roos-escort.nl ", LENGTH)),
        ("names", _repeat("hij heet Jan de Vries. ", LENGTH)),
    ]

    assert over_budget(lambda text: find_personal_information(text, strict=True), texts) == []
