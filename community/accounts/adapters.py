"""allauth adapter: pseudonymous accounts, pending members, and no IP addresses."""

import hashlib
import hmac
import re
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from community.policies import is_approved_member


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash standing in for the client's address.

    allauth keys its rate limits on the client address; Kring never stores or
    caches an address, so allauth gets an HMAC of it instead (DESIGN.md, privacy).
    """
    address = request.META.get("REMOTE_ADDR") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# Pseudonyms that would let someone pass for staff or for Kring itself.
RESERVED_PSEUDONYMS = frozenset(
    {
        "admin",
        "administrator",
        "beheer",
        "beheerder",
        "moderator",
        "moderatie",
        "mod",
        "kring",
        "ggd",
        "gemeente",
        "politie",
        "support",
        "hulpverlener",
        "helpdesk",
        "system",
        "systeem",
        "root",
    }
)
_PHONE_LIKE = re.compile(r"\d{6,}")


def pseudonym_problem(username: str) -> str | None:
    """Why `username` is not a safe pseudonym, in plain words, or None."""
    lowered = username.strip().lower()
    if lowered in RESERVED_PSEUDONYMS:
        return _("This name is reserved. Please choose another pseudonym.")
    if "@" in lowered:
        return _(
            "This looks like an e-mail address. Choose a pseudonym that does not "
            "show your e-mail address."
        )
    if _PHONE_LIKE.search(lowered):
        return _("This looks like a phone number. Choose a pseudonym without long rows of digits.")
    return None


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = super().clean_username(username, shallow=shallow)
        problem = pseudonym_problem(username)
        if problem:
            raise ValidationError(problem)
        return username

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_fingerprint(request)

    def get_http_user_agent(self, request: HttpRequest) -> str:
        # allauth puts the user agent into notification mails; Kring keeps none.
        return ""

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The failed-login limit counts per pseudonym only.

        allauth prefixes the request's host name, so an attacker could multiply the
        allowed attempts by sending different Host headers. The key is hashed by
        allauth before it reaches the cache.
        """
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"login:{login.strip().lower()}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if not is_approved_member(request.user):
            return reverse("member_pending")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_approved_member(user):
            return super().get_signup_redirect_url(request)
        return reverse("member_pending")
