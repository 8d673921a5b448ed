"""Per-client rate limits behind the proxy, without storing an address.

Behind the documented nginx every request comes from the proxy's address, so
`login: 30/m/ip` was one limit for the whole site: one client could block every
login. The proxy now passes the client address in a header that only the rate
limiter reads, as an HMAC held in the cache for the window (security review, issue 7,
item 13).
"""

import pytest
from django.test import Client, RequestFactory, override_settings

from community.accounts.adapters import client_fingerprint
from tests.community.test_privacy_ip import _cache_items
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Thirty logins must fit in the limit's one-minute window on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


LOGIN_URL = "/accounts/login/"
PROXY = "127.0.0.1"
LOGIN_LIMIT = 30  # ACCOUNT_RATE_LIMITS["login"] = "30/m/ip"
behind_proxy = override_settings(KRING_CLIENT_ADDRESS_HEADER="X-Kring-Client")


def _via_proxy(client_address: str) -> Client:
    """A browser whose requests reach Kring through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_KRING_CLIENT=client_address)


def _junk_logins(client: Client, count: int) -> None:
    for n in range(count):
        # A different pseudonym each time: the per-pseudonym limit stays out of it.
        client.post(LOGIN_URL, {"login": f"onzin{n}", "password": "fout-wachtwoord-1"})


@behind_proxy
def test_junk_logins_from_one_client_do_not_refuse_a_correct_login_from_another():
    member = UserFactory()
    flooder = _via_proxy("203.0.113.5")
    _junk_logins(flooder, LOGIN_LIMIT)
    refused = flooder.post(LOGIN_URL, {"login": "onzin-extra", "password": "fout-wachtwoord-1"})

    other = _via_proxy("198.51.100.9").post(
        LOGIN_URL, {"login": member.username, "password": DEFAULT_PASSWORD}
    )

    assert refused.status_code == 429  # The limit itself still holds for the flooder.
    assert other.status_code == 302


@behind_proxy
def test_one_ipv6_network_counts_as_one_client():
    _junk_logins(_via_proxy("2001:db8:1:2::1"), LOGIN_LIMIT)

    neighbour = _via_proxy("2001:db8:1:2::99").post(
        LOGIN_URL, {"login": "onzin-extra", "password": "fout-wachtwoord-1"}
    )

    assert neighbour.status_code == 429


def test_without_a_trusted_proxy_setting_a_client_cannot_pick_its_own_address():
    for n in range(LOGIN_LIMIT):
        _via_proxy(f"192.0.2.{n}").post(
            LOGIN_URL, {"login": f"onzin{n}", "password": "fout-wachtwoord-1"}
        )

    spoofed = _via_proxy("192.0.2.250").post(
        LOGIN_URL, {"login": "onzin-extra", "password": "fout-wachtwoord-1"}
    )

    assert spoofed.status_code == 429


@behind_proxy
def test_the_client_address_from_the_proxy_is_never_in_the_cache():
    _junk_logins(_via_proxy("203.0.113.5"), 3)

    items = _cache_items()

    assert items  # The rate limiter did write its counters.
    assert not [item for item in items if "203.0.113.5" in repr(item)]


@behind_proxy
def test_the_fingerprint_is_a_keyed_hash_and_differs_per_client():
    first = client_fingerprint(_request(PROXY, "203.0.113.5"))
    second = client_fingerprint(_request(PROXY, "198.51.100.9"))

    assert first != second
    assert "203.0.113.5" not in first
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert client_fingerprint(_request(PROXY, "203.0.113.5")) != first


def _request(remote_addr: str, header: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, HTTP_X_KRING_CLIENT=header)
