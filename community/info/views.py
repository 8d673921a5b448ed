"""Search over the published information pages, in the reader's language."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Locale

from community.info import selectors

MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    # No database takes a NUL, and SQLite's full-text search fails on a '"' (the search
    # backend quotes each term without escaping it): both were a server error.
    query = query.replace("\x00", "").replace('"', " ").strip()
    results = selectors.pages_search(query=query, locale=Locale.get_active()) if query else []
    return TemplateResponse(request, "info/search.html", {"query": query, "results": results})
