"""Bad ids and bad search queries give 400 or 404, never a server error.

Every URL pattern with a path argument (int, str, slug, …) is found from the resolver,
the way tests/community/staff_urls.py finds staff pages, so a new route is covered the
day it is added. Each argument in turn gets values that are not an id — words, quotes,
NUL bytes, operators, numbers too big for a database column — while the others get a
plain "1". Every view that reads request.GET (the search boxes and list filters) gets
the same kind of values in `q`, `page` and every parameter its source reads. Each is
sent with GET and POST as a visitor, an approved member and a moderator with a
verified second factor. Redirects (to the log-in page), 400, 403, 404 and 405 are all
fine answers; a 500 is not.
"""

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from community.registries.content import registered_models
from forum.models import Category, Post, Thread
from tests.community.staff_urls import sample_for
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory

# Django's and Wagtail's own admin sites are not Kring's code; their routes are many
# and their ids are checked by those projects.
SKIPPED_PREFIXES = ("/django-admin/", "/admin/")
BAD_IDS = [
    "abc",
    "0",
    "-1",
    "1.5",
    "1e3",
    "99999999999999999999",
    "\x00",
    "1\x00",
    '"',
    "'",
    "' OR 1=1 --",
    "%",
    "..",
]
BAD_QUERIES = [
    '"',
    'a"b',
    "\x00abc",
    "'",
    "%",
    "_",
    "*",
    "\\",
    "-",
    "AND",
    "OR NOT",
    "NEAR(",
    "a:b",
    "(",
    "^",
    "99999999999999999999",
    "-1",
    "abc",
    "x" * 500,
]
_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_GET_PARAMETER = re.compile(r"request\.GET(?:\.get|\.getlist)?[\(\[]\s*[\"'](\w+)[\"']")


@dataclass(frozen=True)
class Route:
    template: str  # "/moderation/report/<int:content_type_id>/<str:object_id>/"
    pattern: URLPattern


def _fragment(pattern) -> str:
    """A route's text with its converters left in, or a sample for a regex route."""
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    return sample_for(pattern)


def _walk(patterns, prefix: str) -> Iterator[Route]:
    for entry in patterns:
        template = prefix + _fragment(entry.pattern)
        if template.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, template)
        else:
            yield Route(template, entry)


ROUTES = list(_walk(get_resolver().url_patterns, "/"))
ID_ROUTES = [route for route in ROUTES if _CONVERTER.search(route.template)]


def _source(route: Route) -> str:
    try:
        return inspect.getsource(inspect.unwrap(route.pattern.callback))
    except (OSError, TypeError):
        return ""


QUERY_ROUTES = [route for route in ROUTES if "request.GET" in _source(route)]


def _fill(template: str, *, slot: int, value: str, other: str) -> str:
    """`template` with argument number `slot` set to `value`, the others to `other`."""
    count = iter(range(len(_CONVERTER.findall(template))))

    def replace(_match: re.Match) -> str:
        return quote(value, safe="") if next(count) == slot else other

    return _CONVERTER.sub(replace, template)


def _bad_id_paths(known_ids: list[int]) -> Iterator[str]:
    """Each argument in turn gets each bad value its converter lets through (and one it
    does not, which the resolver answers); when a route has more than one argument, the
    others get ids that exist (a content type, a post), so the view reaches the bad one:
    /moderation/report/<the post type>/abc/ failed where /moderation/report/1/abc/ did not."""
    for route in ID_ROUTES:
        converters = getattr(route.pattern.pattern, "converters", {})
        slots = _CONVERTER.findall(route.template)
        others = [str(pk) for pk in known_ids] if len(slots) > 1 else ["1"]
        for slot, (_converter, name) in enumerate(slots):
            converter = converters.get(name)
            accepted = re.compile(converter.regex) if converter else re.compile(".+")
            values = [v for v in BAD_IDS if accepted.fullmatch(v)]
            values += [v for v in BAD_IDS if v not in values][:1]
            for value in values:
                for other in others:
                    yield _fill(route.template, slot=slot, value=value, other=other)


def _bad_query_paths() -> Iterator[str]:
    for route in QUERY_ROUTES:
        path = _CONVERTER.sub("1", route.template)
        names = {"q", "page", *_GET_PARAMETER.findall(_source(route))}
        for value in BAD_QUERIES:
            yield f"{path}?{urlencode(dict.fromkeys(sorted(names), value))}"


def _server_errors(client: Client, paths: Iterator[str]) -> list[str]:
    errors = []
    for path in paths:
        for method in (client.get, client.post):
            status = method(path).status_code
            if status >= 500:
                errors.append(f"{method.__name__.upper()} {path} -> {status}")
    return errors


@pytest.fixture
def forum_content(db):
    """Something for the searches and lookups to find, so the queries really run."""
    author = UserFactory()
    category = Category.objects.create(name="Verhalen")
    thread = Thread.objects.create(category=category, title="Mijn week", author=author)
    return Post.objects.create(
        thread=thread, author=author, body="Een verhaal", body_html="<p>x</p>"
    )


@pytest.fixture
def known_ids(forum_content) -> list[int]:
    """Ids that exist: every reportable content type, and the post, thread and author."""
    content_types = [ContentType.objects.get_for_model(model).pk for model in registered_models()]
    post = forum_content
    return sorted({1, *content_types, post.pk, post.thread_id, post.author_id})


@pytest.fixture(params=["visitor", "member", "verified moderator"])
def visitor_member_or_moderator(request, db, forum_content) -> Client:
    client = Client(raise_request_exception=False)
    if request.param == "member":
        client.force_login(UserFactory())
    elif request.param == "verified moderator":
        login_verified(client, ModeratorFactory())
    return client


def test_the_routes_are_found_from_the_resolver():
    templates = {route.template for route in ID_ROUTES}

    assert "/moderation/report/<int:content_type_id>/<str:object_id>/" in templates
    assert "/forum/p/<int:post_id>/" in templates
    assert any(route.template.endswith("/search/") for route in QUERY_ROUTES)
    assert "/forum/search/" in {route.template for route in QUERY_ROUTES}


def test_bad_ids_never_cause_a_server_error(visitor_member_or_moderator, known_ids):
    errors = _server_errors(visitor_member_or_moderator, _bad_id_paths(known_ids))

    assert not errors, "\n".join(errors)


def test_bad_search_queries_never_cause_a_server_error(visitor_member_or_moderator):
    errors = _server_errors(visitor_member_or_moderator, _bad_query_paths())

    assert not errors, "\n".join(errors)


def test_a_report_link_with_a_word_for_an_id_is_not_found(visitor_member_or_moderator):
    post_type = ContentType.objects.get_for_model(Post)
    client = visitor_member_or_moderator

    assert client.get(f"/moderation/report/{post_type.pk}/abc/").status_code in {302, 404}
