"""How a language's home page answers an address that has no page in its language.

/en/<dutch-slug>/ is a Dutch page opened in English: redirect to its English
translation when there is one, otherwise offer the Dutch page (not a 404).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from community.info import selectors


class OtherLanguageFallbackMixin:
    """For the home page of each language; put it before the Page class in the bases."""

    def route(self, request: HttpRequest, path_components: list[str]) -> RouteResult:
        try:
            return super().route(request, path_components)
        except Http404:
            found = selectors.page_in_other_language(home=self, path_components=path_components)
            if found is None:
                raise
            return RouteResult(self, kwargs={"other_language_page": found})

    def serve(
        self,
        request: HttpRequest,
        *args: object,
        other_language_page: Page | None = None,
        **kwargs: object,
    ) -> HttpResponse:
        if other_language_page is None:
            return super().serve(request, *args, **kwargs)
        translation = selectors.live_translation(page=other_language_page, locale=self.locale)
        if translation is not None:
            return redirect(translation.url)
        return TemplateResponse(
            request,
            "info/untranslated.html",
            {"page": self, "original": other_language_page, "self": self},
        )
