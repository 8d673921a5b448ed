"""Kring's roles. Each role is a Django group, created by a data migration."""

from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    SUPPORT_WORKER = "support worker"
    EDITOR = "editor"


# Roles whose holders must have a verified second factor before any staff page.
STAFF_ROLES = frozenset({Role.MODERATOR, Role.SUPPORT_WORKER, Role.EDITOR})
