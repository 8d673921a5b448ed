"""Passwords: production hashes slowly on purpose, the test suite does not."""

import importlib

from django.conf import global_settings, settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.utils.module_loading import import_string

from tests.factories import DEFAULT_PASSWORD, UserFactory

STRONG_ALGORITHMS = {"argon2", "bcrypt_sha256", "pbkdf2_sha256", "scrypt"}


def _production_hashers() -> list[str]:
    """The hashers config/settings.py configures (Django's default when it names none),
    read from the module itself: the suite overrides django.conf.settings."""
    production = importlib.import_module("config.settings")
    return getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)


def test_production_hashes_new_passwords_with_a_slow_algorithm():
    hasher = import_string(_production_hashers()[0])()

    assert hasher.algorithm in STRONG_ALGORITHMS
    if isinstance(hasher, PBKDF2PasswordHasher):
        assert hasher.iterations >= 600_000  # OWASP's floor for PBKDF2-HMAC-SHA256


def test_the_suite_hashes_with_md5_so_factory_users_cost_nothing(db):
    """Factory users and logins use the suite's override, not the production hasher."""
    member = UserFactory()

    assert get_hasher().algorithm == "md5"
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert member.password.startswith("md5$")
    assert authenticate(username=member.username, password=DEFAULT_PASSWORD) == member
