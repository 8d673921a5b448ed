"""allauth adapter: pseudonymous accounts and no IP addresses."""

import hashlib
import hmac

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


def client_fingerprint(request: HttpRequest) -> str:
    """A keyed hash standing in for the client's address.

    allauth keys its rate limits on the client address; Kring never stores or
    caches an address, so allauth gets an HMAC of it instead (DESIGN.md, privacy).
    """
    address = request.META.get("REMOTE_ADDR") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        return client_fingerprint(request)
