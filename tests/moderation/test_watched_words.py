"""Watched words: moderators' rules applied to a member's text (pure functions)."""

from dataclasses import dataclass

import pytest

from community.moderation.watched_words import (
    CENSOR_MARK,
    MAX_PATTERN_LENGTH,
    InvalidPatternError,
    apply_watched_words,
    validate_pattern,
)


@dataclass
class Rule:
    """Shaped like community.moderation.models.WatchedWord."""

    word: str
    action: str
    is_regex: bool = False
    replacement: str = ""


def test_nothing_matches_then_the_text_is_unchanged():
    result = apply_watched_words("Fijne dag allemaal", [Rule("spam", "block")])

    assert result.text == "Fijne dag allemaal"
    assert not result.blocked
    assert not result.held
    assert not result.censored
    assert result.matches == []


def test_block_rule_matches_whole_words_case_insensitively():
    rules = [{"pattern": "kutwijf", "action": "block"}]

    assert apply_watched_words("Wat een KUTWIJF!", rules).blocked
    assert not apply_watched_words("kutwijfje", rules).blocked


def test_hold_rule_holds_and_keeps_the_text():
    result = apply_watched_words("Bel me over die klant", [Rule("klant", "hold")])

    assert result.held
    assert result.hold  # the name the moderation service reads
    assert not result.blocked
    assert result.text == "Bel me over die klant"


def test_censor_rule_replaces_every_match_with_the_mark():
    result = apply_watched_words("hoer en HOER, maar niet hoeren", [Rule("hoer", "censor")])

    assert result.censored
    assert result.text == f"{CENSOR_MARK} en {CENSOR_MARK}, maar niet hoeren"
    assert [m.text for m in result.matches] == ["hoer", "HOER"]


def test_censor_rule_may_bring_its_own_replacement():
    result = apply_watched_words("dom wicht", [Rule("wicht", "censor", replacement="***")])

    assert result.text == "dom ***"


def test_rule_of_several_words_matches_any_spacing():
    result = apply_watched_words("vuile   \n hoer", [Rule("vuile hoer", "censor")])

    assert result.text == CENSOR_MARK


def test_rules_with_punctuation_at_the_edges_still_match_whole():
    rules = [Rule("@spamshop", "block")]

    assert apply_watched_words("volg @spamshop nu", rules).blocked
    assert not apply_watched_words("volg @spamshopper", rules).blocked


def test_regex_rule_matches():
    rules = [Rule(r"w[a4]t?sapp?", "hold", is_regex=True)]

    assert apply_watched_words("stuur een W4TSAP", rules).held


def test_a_censor_rule_cannot_hide_a_blocked_word():
    rules = [Rule("drugs", "censor"), Rule("drugs kopen", "block")]

    result = apply_watched_words("drugs kopen hier", rules)

    assert result.blocked
    assert result.text.startswith(CENSOR_MARK)


def test_overlapping_censor_matches_are_merged():
    rules = [Rule("rot op", "censor"), Rule("op nu", "censor")]

    assert apply_watched_words("rot op nu", rules).text == CENSOR_MARK


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$",
        "(a*)*b",
        "(x|y+)*z",
        r"(\w+\s?)+$",
        "(.*a){12}",
        "a**",
        r"(a)\1",
        "(?P<x>a)(?P=x)",
        "x?",
        ".*",
        "(",
        "a" * (MAX_PATTERN_LENGTH + 1),
        r"\pL{1,60}x",
    ],
)
def test_dangerous_or_broken_patterns_are_refused_and_skipped(pattern):
    with pytest.raises(InvalidPatternError):
        validate_pattern(pattern, is_regex=True)

    result = apply_watched_words(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", [Rule(pattern, "block", True)]
    )

    assert not result.blocked
    assert result.skipped_rules == [pattern]


@pytest.mark.parametrize("pattern", [r"\bspam\b", "w[a4]tsapp", "(foo|bar)baz", "a+?b", r"\d{3}"])
def test_ordinary_patterns_are_accepted(pattern):
    validate_pattern(pattern, is_regex=True)


def test_empty_plain_rule_is_refused():
    with pytest.raises(InvalidPatternError):
        validate_pattern("   ", is_regex=False)


def test_a_pattern_that_backtracks_for_minutes_elsewhere_is_matched_in_one_pass():
    # Polynomial on a backtracking engine (minutes on this text), linear on RE2; the
    # time bound itself is asserted in tests/security/test_adversarial_input.py.
    rules = [Rule(".*a.*a.*a.*x", "block", is_regex=True)]

    assert not apply_watched_words("a" * 20_000, rules).blocked
    assert apply_watched_words("a" * 19_999 + "x", rules).blocked


@pytest.mark.parametrize("pattern", [r"(?<!x)spam", r"spam(?=shop)", r"(?!a)b"])
def test_look_around_is_refused_because_the_linear_engine_has_none(pattern):
    with pytest.raises(InvalidPatternError):
        validate_pattern(pattern, is_regex=True)


def test_regex_rules_match_letters_beyond_ascii_with_pl():
    rules = [Rule(r"\bcr\pLme\b", "censor", is_regex=True)]

    assert apply_watched_words("een CRÈME taart", rules).text == f"een {CENSOR_MARK} taart"


def test_unknown_actions_are_skipped():
    result = apply_watched_words("spam", [Rule("spam", "delete")])

    assert result.skipped_rules == ["spam"]
    assert not result.blocked
