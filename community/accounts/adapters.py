"""allauth adapter: pseudonymous accounts, pending members, and no IP addresses."""

import functools
import hashlib
import hmac
import ipaddress
import re
import unicodedata
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.utils import filter_users_by_email
from allauth.core import ratelimit
from confusable_homoglyphs import confusables
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from community.policies import is_approved_member


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


# Pseudonyms that would let someone pass for staff or for Kring itself. Compared by
# confusable skeleton, whole or as a word of the pseudonym (`moderator_`, `ggd.hulp`).
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
        "medewerker",
        "staff",
        "official",
        "officieel",
        "system",
        "systeem",
        "root",
    }
)
_PHONE_LIKE = re.compile(r"\d{6,}")


def _confusable_prototypes() -> dict[str, str]:
    """Each confusable character and the one it stands for (Unicode TR39 confusables,
    as shipped by confusable-homoglyphs).

    The package stores the table both ways (prototype <-> look-alikes); its stars are
    read back as look-alike -> prototype. Where two characters only mirror each other,
    one is taken for both (ASCII first): a skeleton only has to be the same for both.
    """
    data = {
        key.replace("\u200e", ""): [entry["c"].replace("\u200e", "") for entry in entries]
        for key, entries in confusables.confusables_data.items()
    }
    prototypes: dict[str, str] = {}
    for char, alternatives in data.items():
        if len(char) != 1 or len(alternatives) != 1:
            continue  # A prototype itself (it has many look-alikes), or a sequence.
        target = alternatives[0]
        mirrored = len(target) == 1 and data.get(target) == [char]
        if mirrored:
            target = min(char, target, key=lambda c: (not c.isascii(), c))
        if target != char:
            prototypes[char] = target
    return prototypes


_PROTOTYPES = _confusable_prototypes()


def pseudonym_normalise(username: str) -> str:
    """The form a pseudonym is stored in: NFKC (fullwidth and styled letters become
    plain ones) and case-folded, without surrounding spaces."""
    return unicodedata.normalize("NFKC", username).casefold().strip()


@functools.lru_cache(maxsize=50_000)
def pseudonym_skeleton(username: str) -> str:
    """What `username` looks like: two names with the same skeleton are confusable.

    Unicode TR39's skeleton (look-alikes replaced by their prototype), on the
    normalised name, also without accents and case, until nothing changes.
    """
    skeleton = pseudonym_normalise(username)
    for _round in range(4):
        decomposed = unicodedata.normalize("NFD", skeleton)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        mapped = "".join(_PROTOTYPES.get(c, c) for c in plain)
        mapped = unicodedata.normalize("NFKC", mapped).casefold()
        if mapped == skeleton:
            break
        skeleton = mapped
    return skeleton


def _compact(skeleton: str) -> str:
    """Without separators: `demo_moderator` and `demo.moderator` look like one name."""
    return "".join(c for c in skeleton if c.isalnum())


def _words(skeleton: str) -> list[str]:
    return [word for word in re.split(r"[^\w]|[\d_]", skeleton) if word]


_RESERVED_SKELETONS = frozenset(_compact(pseudonym_skeleton(w)) for w in RESERVED_PSEUDONYMS)


def pseudonym_look_alike_taken(username: str) -> bool:
    """Does an existing pseudonym look like `username` (same skeleton, separators
    aside)? Reads every pseudonym: sign-up is rare and rate limited."""
    wanted = _compact(pseudonym_skeleton(username))
    user_model = get_user_model()
    existing = user_model.objects.values_list("username", flat=True).iterator()
    return any(_compact(pseudonym_skeleton(name)) == wanted for name in existing)


def pseudonym_problem(username: str) -> str | None:
    """Why `username` is not a safe pseudonym, in plain words, or None."""
    lowered = pseudonym_normalise(username)
    if "@" in lowered:
        return _(
            "This looks like an e-mail address. Choose a pseudonym that does not "
            "show your e-mail address."
        )
    if _PHONE_LIKE.search(lowered):
        return _("This looks like a phone number. Choose a pseudonym without long rows of digits.")
    skeleton = pseudonym_skeleton(lowered)
    if _compact(skeleton) in _RESERVED_SKELETONS or any(
        _compact(word) in _RESERVED_SKELETONS for word in _words(skeleton)
    ):
        return _("This name is reserved. Please choose another pseudonym.")
    return None


def pseudonym_mixes_alphabets(username: str) -> bool:
    """Letters from two alphabets, one of them a look-alike (TR39's mixed-script
    check): "nachtuil" with a Cyrillic u (U+0443). A name in one alphabet is fine."""
    return bool(confusables.is_dangerous(pseudonym_normalise(username)))


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = super().clean_username(pseudonym_normalise(username), shallow=shallow)
        problem = pseudonym_problem(username)
        if problem:
            raise ValidationError(problem)
        if not shallow and pseudonym_look_alike_taken(username):
            raise ValidationError(
                _(
                    "This pseudonym looks too much like one that is already in use. "
                    "Please choose another."
                )
            )
        if pseudonym_mixes_alphabets(username):
            raise ValidationError(
                _(
                    "This pseudonym mixes letters from different alphabets, so it can look like "
                    "another name. Please use letters from one alphabet."
                )
            )
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
