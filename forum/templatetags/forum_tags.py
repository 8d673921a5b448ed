"""Small template helpers for the forum."""

from typing import Any

from django import template

from community.roles import Role

register = template.Library()

try:
    from community.privacy.selectors import is_former_member as _is_former_member
except ImportError:  # pragma: no cover - the privacy app is part of Kring

    def _is_former_member(user: Any) -> bool:
        return False


@register.filter
def is_former_member(member: Any) -> bool:
    return _is_former_member(member)


@register.filter
def is_support_worker_badge(member: Any) -> bool:
    """Support workers are shown with a verified badge. Reads the prefetched groups
    (forum.selectors prefetches them), so a page of posts costs one query."""
    if member is None:
        return False
    return any(group.name == Role.SUPPORT_WORKER for group in member.groups.all())


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, 0) if mapping else 0
