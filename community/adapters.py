"""allauth adapter: pseudonymous accounts, pending members, and no IP addresses."""

import hashlib
import hmac
import ipaddress
import re
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from community.permissions import is_approved_member


def _client_address(request: HttpRequest) -> str:
    """The client's address: from the trusted proxy's header when one is configured
    (settings.KRING_CLIENT_ADDRESS_HEADER, read here and nowhere else), else the
    socket's. An IPv6 address stands for its /64 network, as one household has."""
    address = ""
    header = settings.KRING_CLIENT_ADDRESS_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        address = request.META.get(meta_key, "").strip()[:100]
    address = address or request.META.get("REMOTE_ADDR") or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash standing in for the client's address.

    allauth keys its rate limits on the client address; Kring never stores or
    caches an address, so allauth gets an HMAC of it instead (DESIGN.md, privacy).
    It lives only in the cache, for the rate limit's window.
    """
    address = _client_address(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def email_address_in_use(*, email: str, exclude: Any = None) -> bool:
    """Does another account use this address (as its e-mail or an allauth address)?

    For Kring's own decisions only: no page or message may ever reveal the answer.
    """
    if not email:
        return False
    exclude_pk = getattr(exclude, "pk", None)
    return any(user.pk != exclude_pk for user in filter_users_by_email(email))


def address_owner_notify(request: HttpRequest, *, email: str) -> None:
    """Tell the owner of `email` that someone typed their address (sign-up, e-mail
    change) with allauth's neutral "account already exists" mail: at most one per
    address per ACCOUNT_RATE_LIMITS["notify_address_owner"], so that typing someone's
    address again and again does not flood their inbox."""
    if ratelimit.consume(request, action="notify_address_owner", key=email.lower()):
        get_adapter().send_account_already_exists_mail(email)


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
