"""Member text never freezes the server.

A regular expression that backtracks catastrophically holds the GIL: while it runs, no
other request of the process is served (an 84-character spelled-out e-mail address took
9.75 s in the personal-information guard, 20,000 apostrophes 128 s in its street
pattern). This file feeds every regular expression that can read member text, and the
parts built on them — the personal-information guard, the watched-words engine with
moderator-written regex rules, the forum's quote and mention reader and the Markdown
renderer — inputs built from repeated separators, words and punctuation up to the
20,000-character post limit, and holds each run to 100 ms.

The patterns are found, not listed: every compiled pattern at module level and every
literal pattern handed to re.*/re2.* in the apps (community, forum, chat, events), so a
new pattern is covered the day it is written. A pattern built at run time cannot be
found that way; test_no_pattern_is_built_where_this_file_cannot_see_it keeps the few
there are (moderators' rules) on the list of engines tested as a whole below.

Time is this thread's CPU time (time.thread_time) with the garbage collector paused, so
that other processes on a busy machine and collector pauses do not count, while a
pattern that backtracks does. A run far over budget is interrupted (SIGVTALRM), so a
regression fails in seconds instead of hanging the suite.

The Markdown renderer is pure Python (markdown-it-py, then html5lib through bleach) and
costs some 10 µs per character of ordinary Markdown on this machine: an everyday
20,000-character post takes ~200 ms. Its bound is therefore the same 100 ms per 2,000
characters (exactly 100 ms at 2,000, and linear beyond), which a quadratic step fails
by far — as html5lib's sibling lookup did (a 4,000-row table took 1.2 s).
"""

import ast
import gc
import importlib
import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import re2

from community.moderation.pii import find_personal_information
from community.moderation.watched_words import MAX_PATTERN_LENGTH, apply_watched_words
from community.text import markdown_to_text, render_markdown
from forum.models import BODY_MAX_LENGTH
from forum.text import mentioned_names, quoted_post_ids, remove_quotes_of

BUDGET = 0.100  # seconds of CPU per run
HARD_STOP = 3.0  # a run is interrupted after this much CPU: it has failed long before
RENDER_CHARS_PER_BUDGET = 2_000  # the renderer: 100 ms per 2,000 characters
APPS = ("community", "forum", "chat", "events")
ROOT = Path(__file__).resolve().parents[2]
RE2Pattern = type(re2.compile("x"))
PATTERN_FUNCTIONS = {
    "compile",
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "findall",
    "finditer",
    "split",
}
# Patterns put together at run time, each tested through the engine that builds it.
BUILT_AT_RUN_TIME = {
    # Plain-word rules (escaped words joined by \s++) and moderators' RE2 rules:
    # test_watched_words_engine_is_linear_with_plain_and_regex_rules.
    "community/moderation/watched_words.py",
}


# --- The inputs ------------------------------------------------------------------------

SEPARATORS = [
    *" \t\n.,:;-_/\\'\"`@#+=*|!?()[]{}<>&",
    "\u00a0",  # no-break space: \s in Python, not in RE2
    "\u200b",  # zero-width space
    "  ",
    " .",
    " - ",
    "\r\n",
]
# The words the patterns look for, and some they must not take for them.
WORDS = [
    "a",
    "é",
    "at",
    "[at]",
    "dot",
    "punt",
    "0",
    "1",
    "06",
    "+31",
    "00",
    "NL91",
    "nl",
    "com",
    "Van",
    "'t",
    "Oude",
    "Kerkstraat",
    "straat",
    "e",
    "hs",
    "III",
    "uur",
    "insta",
    "IG",
    "@roos",
    "instagram.com",
    "http://",
    "www.",
    "GZ-12",
]
# Beginnings that put a pattern in the middle of a match, so that what follows decides;
# the catastrophic e-mail input was "a at b" followed by " dot" nineteen times.
TRIGGERS = [
    "a at b",
    "roos(at)b",
    "a@b",
    "Kerkstraat",
    "Laan van",
    "+44",
    "06",
    "NL91",
    "insta:",
    "@roos",
    "> [@roos](/forum/p/1/)",
    "- ",
    "[",
    "**",
]
FILLERS = [" dot", "dot", " .", " ", "'", "1", "-", "a", " a", "(", "["]
# Long runs of one thing show a pattern that rereads the run from every position
# (quadratic): they get the whole post limit. Combinations show patterns that try
# every way to split a run (exponential): those blow up long before 2,000 characters.
SHORT = 2_000


def _repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def adversarial_texts(
    length: int = BODY_MAX_LENGTH, short: int = SHORT
) -> Iterator[tuple[str, str]]:
    """(label, text) pairs: runs `length` characters long, combinations `short`."""
    for separator in SEPARATORS:
        yield f"{separator!r} repeated", _repeat(separator, length)
    for word in WORDS:
        yield f"{word + ' '!r} repeated", _repeat(word + " ", length)
        for joiner in ("", "-"):
            yield f"{word + joiner!r} repeated", _repeat(word + joiner, short)
    for trigger in TRIGGERS:
        for filler in FILLERS:
            yield (
                f"{trigger!r} then {filler!r} repeated",
                trigger + _repeat(filler, short - len(trigger) - 2) + " x",
            )


# Markdown's own worst shapes: deep nesting, runs of delimiters, many siblings.
MARKDOWN_SHAPES = {
    "nested list": lambda n: "".join("  " * i + "- x\n" for i in range(n // 40)),
    "nested list on one line": lambda n: "- " * (n // 2),
    "nested blockquotes": lambda n: "".join("> " * i + "x\n" for i in range(1, n // 60)),
    "nested emphasis": lambda n: "*" * (n // 4) + "x" + "*" * (n // 4),
    "alternating emphasis": lambda n: _repeat("**_", n),
    "emphasis runs": lambda n: _repeat("*a ", n),
    "link openers": lambda n: _repeat("[", n),
    "image openers": lambda n: _repeat("![", n),
    "unclosed links": lambda n: _repeat("[](", n),
    "angle brackets": lambda n: _repeat("<", n),
    "backticks": lambda n: _repeat("`a", n),
    "table rows": lambda n: "|a|\n|-|\n" + _repeat("|x|\n", n - 8),
    "list items with emphasis": lambda n: _repeat("- **a**\n", n),
    "paragraphs with links": lambda n: _repeat("[a](/b) *c*\n\n", n),
    "bare urls": lambda n: _repeat("http://a.nl ", n),
    "mentions": lambda n: _repeat("@roos ", n),
}


# --- Measuring -------------------------------------------------------------------------


class _Overrun(Exception):
    pass


def _interrupt(_signum, _frame):
    raise _Overrun


def cpu_seconds(function: Callable[[str], object], text: str) -> float:
    """CPU time of `function(text)` in this thread; HARD_STOP when it had to be stopped."""
    previous = signal.signal(signal.SIGVTALRM, _interrupt)
    gc.disable()
    signal.setitimer(signal.ITIMER_VIRTUAL, HARD_STOP)
    start = time.thread_time()
    try:
        function(text)
        return time.thread_time() - start
    except _Overrun:
        return HARD_STOP
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        gc.enable()
        signal.signal(signal.SIGVTALRM, previous)


def over_budget(
    function: Callable[[str], object],
    texts: list[tuple[str, str]],
    budget: Callable[[str], float] = lambda text: BUDGET,
) -> list[str]:
    """The labels of the texts on which `function` ran over its budget, with the time."""
    slow = []
    for label, text in texts:
        seconds = cpu_seconds(function, text)
        if seconds >= budget(text):
            slow.append(f"{label} ({len(text)} chars): {seconds * 1000:.0f} ms")
    return slow


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    return list(adversarial_texts())


# --- Finding the patterns --------------------------------------------------------------


def _app_sources() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _pattern_calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"re", "re2", "regex"}
            and node.func.attr in PATTERN_FUNCTIONS
            and node.args
        ):
            yield node


# Where each function takes its flags when they are given by position.
FLAGS_POSITION = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2}
FLAGS_POSITION |= {"finditer": 2, "split": 3, "sub": 4, "subn": 4}


def _flags(call: ast.Call) -> int:
    """The flags of a literal call (`re.IGNORECASE`, `flags=re.I | re.M`), else 0."""
    position = FLAGS_POSITION[call.func.attr]
    given = [k.value for k in call.keywords if k.arg == "flags"] + call.args[position:][:1]
    for node in given:
        return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))  # noqa: S307
    return 0


def _compiled_at_module_level(path: Path) -> set[int]:
    """Line numbers of `NAME = re.compile(...)` at module level: vars(module) has those."""
    return {
        statement.value.lineno
        for statement in ast.parse(path.read_text()).body
        if isinstance(statement, ast.Assign | ast.AnnAssign)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Attribute)
        and statement.value.func.attr == "compile"
    }


def find_patterns() -> dict[str, re.Pattern | RE2Pattern]:
    """Every pattern of the apps: compiled at module level, or a literal in a call."""
    found: dict[str, re.Pattern | RE2Pattern] = {}
    for path in _app_sources():
        module = importlib.import_module(_module_name(path))
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern | RE2Pattern):
                found[f"{module.__name__}.{name}"] = value
        at_module_level = _compiled_at_module_level(path)
        for call in _pattern_calls(path):
            literal = call.args[0]
            if call.lineno in at_module_level:
                continue  # already found in vars(module)
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                label = f"{module.__name__}:{call.lineno} re.{call.func.attr}({literal.value!r})"
                found[label] = re.compile(literal.value, _flags(call))
    return found


PATTERNS = find_patterns()


# --- The tests -------------------------------------------------------------------------


def test_the_patterns_are_found_programmatically():
    names = set(PATTERNS)

    # A few that must be there, from each kind of place the search looks.
    assert "community.moderation.pii._EMAIL_SPELLED" in names
    assert "community.moderation.pii._STREET" in names
    assert "forum.text._QUOTE_HEAD" in names
    assert "community.text._MENTION" in names
    assert any(name.startswith("forum.text:") and "`" in name for name in names)
    assert len(names) >= 25


def test_no_pattern_is_built_where_this_file_cannot_see_it():
    """A pattern put together inside a function escapes find_patterns(): hoist it into
    a module-level compiled pattern, or test its engine below and list its file."""
    hidden = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path in _app_sources()
        if str(path.relative_to(ROOT)) not in BUILT_AT_RUN_TIME
        for call in _pattern_calls(path)
        if not isinstance(call.args[0], ast.Constant)
        and call.lineno not in _compiled_at_module_level(path)
    ]

    assert hidden == []


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_on_member_text_is_linear(name, texts):
    pattern = PATTERNS[name]

    assert over_budget(lambda text: list(pattern.finditer(text)), texts) == []


def test_personal_information_guard_is_linear(texts):
    assert over_budget(find_personal_information, texts) == []


def test_guard_is_linear_on_the_inputs_that_froze_it():
    texts = [
        ("84-char spelled e-mail", "a at b" + " dot" * 19 + " x"),
        ("long spelled e-mail", "a at b" + _repeat(" dot", BODY_MAX_LENGTH - 8) + " x"),
        ("spaces", " " * BODY_MAX_LENGTH),
        ("apostrophes", "'" * BODY_MAX_LENGTH),
        ("many findings", _repeat("06-12345678 roos@ziggo.nl ", BODY_MAX_LENGTH)),
    ]

    assert over_budget(find_personal_information, texts) == []


WATCHED_RULES = [
    {"pattern": "kut", "action": "censor"},
    {"pattern": "vuile hoer", "action": "block"},
    {"pattern": "@spamshop", "action": "hold"},
    {"pattern": "a a a a a b", "action": "block"},
    # Moderator-written regexes: fine on RE2, each catastrophic on a backtracking engine.
    {"pattern": r".*a.*a.*a.*x", "action": "block", "is_regex": True},
    {"pattern": r"\s*\s*\s*x", "action": "hold", "is_regex": True},
    {"pattern": r"(a|aa)*b", "action": "block", "is_regex": True},
    {"pattern": r"[\w.]*@[\w.]*\.nl", "action": "hold", "is_regex": True},
    {"pattern": r"(?:\pL|\d|[ .-]){1,5}x", "action": "hold", "is_regex": True},
    {"pattern": r"[ab]*a[ab]{20}x", "action": "hold", "is_regex": True},  # a big automaton
    {"pattern": "w[a4]t?s[a4]pp?", "action": "hold", "is_regex": True},
    {"pattern": "|".join(f"w{i}" for i in range(40)), "action": "hold", "is_regex": True},
]


def test_watched_words_engine_is_linear_with_plain_and_regex_rules(texts):
    assert all(len(rule["pattern"]) <= MAX_PATTERN_LENGTH for rule in WATCHED_RULES)
    assert apply_watched_words("", WATCHED_RULES).skipped_rules == []  # all of them run

    assert over_budget(lambda text: apply_watched_words(text, WATCHED_RULES), texts) == []


def test_forum_quote_and_mention_reader_is_linear(texts):
    def read(text: str) -> None:
        quoted_post_ids(text)
        mentioned_names(text)
        remove_quotes_of(text, post_id=1)

    many_mentions = ("distinct mentions", " ".join(f"@naam{i}" for i in range(3_000)))

    assert over_budget(read, [*texts, many_mentions]) == []


def _render_budget(text: str) -> float:
    return BUDGET * max(1.0, len(text) / RENDER_CHARS_PER_BUDGET)


# At the full post limit only the shapes that grow with the text's length; nesting is
# capped by markdown-it (maxNesting 20) and shows at 2,000 characters already.
LONG_MARKDOWN_SHAPES = ["table rows", "list items with emphasis", "image openers"]


@pytest.mark.parametrize(
    ("length", "shapes"),
    [(RENDER_CHARS_PER_BUDGET, list(MARKDOWN_SHAPES)), (BODY_MAX_LENGTH, LONG_MARKDOWN_SHAPES)],
    ids=["2000", "20000"],
)
def test_markdown_renderer_is_linear(length, shapes):
    texts = [(name, MARKDOWN_SHAPES[name](length)) for name in shapes]

    def render(text: str) -> None:
        render_markdown(text, mentions={"roos": "/u/roos/"})

    assert over_budget(render, texts, _render_budget) == []


def test_markdown_renderer_is_linear_on_separator_and_word_runs():
    texts = [pair for pair in adversarial_texts(length=SHORT) if " then " not in pair[0]]

    assert over_budget(markdown_to_text, texts, _render_budget) == []
