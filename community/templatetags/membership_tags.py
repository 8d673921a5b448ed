"""`{% load membership_tags %}{% if user|may_enter %}`: links to members-only areas
are shown to exactly those community.policies.member_may_enter lets in."""

from typing import Any

from django import template

from community.policies import member_may_enter

register = template.Library()


@register.filter
def may_enter(user: Any) -> bool:
    return member_may_enter(user)
