"""Headers that keep members' pages private.

- `Cache-Control: no-store` on every response to a logged-in user: nothing a member saw
  stays in the browser's cache or back/forward cache after they leave or quick-exit.
- `X-Robots-Tag: noindex, nofollow` on members-only and staff URL prefixes, whatever the
  response (a login redirect included), so search engines never list them.
- Content-Security-Policy: the strict site policy everywhere, and a looser one only for
  the Wagtail admin, whose editing forms still use inline scripts and styles.
"""

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivateResponseMiddleware:
    """Outermost (config/settings.py), so that it also marks responses that another
    middleware answers by itself; `request.user` is read once the response is back,
    when AuthenticationMiddleware has set it (if the request got that far)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(response)
        if request.path_info.startswith(tuple(settings.PRIVATE_URL_PREFIXES)):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class KringCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy for Wagtail admin paths.

    Wagtail admin also shows page previews in a same-origin frame, so admin paths may be
    framed by the admin itself (frame-ancestors 'self', X-Frame-Options SAMEORIGIN).
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_admin_path(request):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if _is_admin_path(request) and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)


def _is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(tuple(settings.CSP_ADMIN_URL_PREFIXES))
