"""Small template helpers for the forum."""

from typing import Any

from django import template

from community.privacy.selectors import is_former_member as _is_former_member

register = template.Library()


@register.filter
def is_former_member(member: Any) -> bool:
    return _is_former_member(member)


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, 0) if mapping else 0
