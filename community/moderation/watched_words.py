"""Watched words: moderators' word and pattern rules, applied to a text. Pure functions.

    apply_watched_words(text, rules) -> WatchedWordsResult
    validate_pattern(pattern, *, is_regex) -> None    raises InvalidPatternError (a ValueError)

A rule is any object or dict with:
  * `pattern` (or `word`, as community.moderation.models.WatchedWord names it),
  * `is_regex` (default False),
  * `action`: "block" (refuse the text), "hold" (save, hold for review) or "censor"
    (replace each match),
  * optional `replacement` for censor rules (default CENSOR_MARK "■■■").

Matching is case-insensitive. Plain words match whole words only: "kut" matches
"Kut!" but not "kutje" or "scheut"; a rule of several words matches them with any run
of spaces between. Every rule is matched against the original text, so a censor rule
cannot hide a word that another rule blocks or holds.

Regex rules run on RE2 (google-re2), an engine whose matching time grows linearly with
the text whatever the pattern, so no rule a moderator writes can freeze the server (a
backtracking engine holds the GIL for as long as one bad pattern runs). RE2 has no
look-around and no back-references; such patterns are refused. In RE2 `\\w`, `\\d`, `\\s`
and `\\b` are ASCII-only: write `\\pL` for any letter (é, ë). validate_pattern also
refuses patterns longer than MAX_PATTERN_LENGTH, with nested or stacked quantifiers
("(a+)+", "a**"; harmless on RE2 but a sign of a mistake) or that match the empty text;
apply_watched_words skips such rules (listed in `result.skipped_rules`). Plain-word
rules are literal words joined by possessive whitespace, linear on Python's own engine.
Texts are checked up to MAX_TEXT_LENGTH characters (posts are at most 20,000).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import re2

BLOCK = "block"
HOLD = "hold"
CENSOR = "censor"
ACTIONS = frozenset({BLOCK, HOLD, CENSOR})
CENSOR_MARK = "■■■"
MAX_PATTERN_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_RULES = 1_000
# RE2's time per character grows with the size of the compiled program; counted
# repetitions of big classes ("\\pL{1,60}": 70,000 instructions) are refused. Memory is
# RE2's default, so the fast automaton has room and RE2 logs nothing.
MAX_PROGRAM_SIZE = 10_000


def _re2_options() -> re2.Options:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    return options


_RE2_OPTIONS = _re2_options()

# A quantified group that itself contains a quantifier: "(a+)+", "(\w*x)*", "(a|b+){2,}".
# Read left to right without giving back: up to the group's first quantifier ("(?:" is
# not one), then on to its ")".
_NESTED_QUANTIFIER = re.compile(
    r"\((?:[^()\\+*}?]|\\.|\?(?=:))*+(?:[+*}]|\?(?!:))(?:[^()\\]|\\.)*+\)[+*{?]"
)
# Quantifiers straight after each other ("a**", "a+*"); "a+?" / "a*?" (lazy) are fine.
_STACKED_QUANTIFIER = re.compile(r"(?<!\\)[+*}][+*{]")
# \1 … \9 and (?P=name): back-references can be exponential.
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class InvalidPatternError(ValueError):
    """A rule that must not be saved; str(error) is the reason for the moderator."""


@dataclass(frozen=True)
class WatchedWordMatch:
    pattern: str
    action: str
    text: str
    span: tuple[int, int]


@dataclass
class WatchedWordsResult:
    """`text` is the input with censor rules applied (unchanged when nothing matched)."""

    text: str
    blocked: bool = False
    held: bool = False
    censored: bool = False
    matches: list[WatchedWordMatch] = field(default_factory=list)
    skipped_rules: list[str] = field(default_factory=list)

    @property
    def hold(self) -> bool:  # the moderation service reads `hold`
        return self.held


def _field(rule: Any, name: str, default: Any = None) -> Any:
    if isinstance(rule, dict):
        return rule.get(name, default)
    return getattr(rule, name, default)


def _rule_pattern(rule: Any) -> str:
    return str(_field(rule, "pattern") or _field(rule, "word") or "")


def validate_pattern(pattern: str, *, is_regex: bool) -> None:
    """Raise InvalidPatternError (with a reason a moderator understands) for a rule that must
    not be saved. Use it when a moderator creates a rule."""
    if not pattern or not pattern.strip():
        raise InvalidPatternError("The rule is empty.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise InvalidPatternError(f"The rule is longer than {MAX_PATTERN_LENGTH} characters.")
    if not is_regex:
        return
    if _NESTED_QUANTIFIER.search(pattern) or _STACKED_QUANTIFIER.search(pattern):
        raise InvalidPatternError(
            "Repetition inside repetition, like (a+)+, can make checking take forever."
        )
    if _BACKREFERENCE.search(pattern):
        raise InvalidPatternError("Back-references like \\1 are not allowed.")
    try:
        compiled = re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as error:
        raise InvalidPatternError(
            f"This is not a valid pattern (look-ahead and look-behind are not supported): {error}"
        ) from error
    if compiled.programsize > MAX_PROGRAM_SIZE:
        raise InvalidPatternError("The pattern is too big; use fewer or smaller repetitions.")
    if compiled.search("") is not None:
        raise InvalidPatternError(
            "The pattern matches an empty text, so it would match everything."
        )


def _compile(pattern: str, *, is_regex: bool) -> Any:
    validate_pattern(pattern, is_regex=is_regex)
    if is_regex:
        return re2.compile(pattern, _RE2_OPTIONS)
    words = [re.escape(word) for word in pattern.split()]
    # (?<!\w) / (?!\w) instead of \b: they also work for rules that start or end with
    # a non-word character ("c*nt", "@spam"). Words never start with whitespace, so the
    # possessive \s++ gives nothing back and the match stays linear.
    return re.compile(r"(?<!\w)" + r"\s++".join(words) + r"(?!\w)", re.IGNORECASE)


def apply_watched_words(text: str, rules: Iterable[Any]) -> WatchedWordsResult:
    """Apply `rules` to `text`: see the module docstring."""
    checked = text[:MAX_TEXT_LENGTH]
    result = WatchedWordsResult(text=text)
    censor_spans: list[tuple[int, int, str]] = []
    for count, rule in enumerate(rules):
        if count >= MAX_RULES:
            break
        pattern = _rule_pattern(rule)
        action = str(_field(rule, "action", "") or "")
        is_regex = bool(_field(rule, "is_regex", False))
        if action not in ACTIONS:
            result.skipped_rules.append(pattern)
            continue
        try:
            compiled = _compile(pattern, is_regex=is_regex)
        except ValueError:
            result.skipped_rules.append(pattern)
            continue
        for match in compiled.finditer(checked):
            if match.start() == match.end():
                continue
            result.matches.append(
                WatchedWordMatch(
                    pattern=pattern, action=action, text=match.group(), span=match.span()
                )
            )
            if action == BLOCK:
                result.blocked = True
            elif action == HOLD:
                result.held = True
            else:
                replacement = str(_field(rule, "replacement", "") or "") or CENSOR_MARK
                censor_spans.append((match.start(), match.end(), replacement))
    if censor_spans:
        result.text = _censor(text, censor_spans)
        result.censored = True
    return result


def _censor(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace the spans (merged where they overlap) from the end backwards."""
    merged: list[list[Any]] = []
    for start, end, replacement in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, replacement])
    for start, end, replacement in reversed(merged):
        text = text[:start] + replacement + text[end:]
    return text
