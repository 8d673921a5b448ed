"""Every URL pattern of the project, turned into a sample path that resolves to it.

Used by the two-factor tests to walk every staff page. A pattern's regex (route
converters included) is turned into the shortest string it matches, preferring
digits for numbers and plain letters elsewhere.
"""

from collections.abc import Iterator
from dataclasses import dataclass

try:
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants
    import sre_parse

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

_DIGIT = sre_constants.CATEGORY_DIGIT
_PREFERRED_CHARS = "1abcxyz0_-"


@dataclass(frozen=True)
class SamplePath:
    path: str
    pattern: URLPattern
    route: str  # Human-readable: the pattern strings joined, for assertion messages.


def _pick_char(items, negate: bool) -> str:
    allowed: list[str] = []
    excluded: set[str] = set()
    for op, arg in items:
        if op == sre_constants.LITERAL:
            if negate:
                excluded.add(chr(arg))
            else:
                allowed.append(chr(arg))
        elif op == sre_constants.RANGE:
            low, high = arg
            chars = [chr(c) for c in range(low, high + 1)]
            if negate:
                excluded.update(chars)
            else:
                allowed.extend(chars)
        elif op == sre_constants.CATEGORY:
            if arg == _DIGIT:
                allowed.append("1")
            else:
                allowed.append("a")
    if negate:
        return next(c for c in _PREFERRED_CHARS + "abcdefghijklmnopqrstuvwxyz" if c not in excluded)
    for c in _PREFERRED_CHARS:
        if c in allowed:
            return c
    return allowed[0]


def _sample(parsed) -> str:
    out: list[str] = []
    for op, arg in parsed:
        if op == sre_constants.LITERAL:
            out.append(chr(arg))
        elif op == sre_constants.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op == sre_constants.ANY:
            out.append("a")
        elif op == sre_constants.IN:
            negate = bool(arg) and arg[0][0] == sre_constants.NEGATE
            items = arg[1:] if negate else arg
            out.append(_pick_char(items, negate))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _high, sub = arg
            out.append(_sample(sub) * max(low, 1))
        elif op == sre_constants.SUBPATTERN:
            out.append(_sample(arg[-1]))
        elif op == sre_constants.BRANCH:
            out.append(_sample(arg[1][0]))
        elif op == sre_constants.CATEGORY:
            out.append("1" if arg == _DIGIT else "a")
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        else:  # pragma: no cover - a construct no URL pattern here uses
            raise ValueError(f"cannot sample regex construct {op}")
    return "".join(out)


def sample_for(pattern) -> str:
    """The shortest sample path fragment the pattern matches."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    return _sample(sre_parse.parse(pattern.regex.pattern))


def walk_urls(resolver: URLResolver | None = None, prefix: str = "/") -> Iterator[SamplePath]:
    """Every URL pattern of the project with a sample path for it."""
    resolver = resolver or get_resolver()
    yield from _walk(resolver.url_patterns, prefix, "")


def _walk(patterns, prefix: str, route: str) -> Iterator[SamplePath]:
    for entry in patterns:
        fragment = sample_for(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + fragment, route + str(entry.pattern))
        else:
            yield SamplePath(prefix + fragment, entry, route + str(entry.pattern))
