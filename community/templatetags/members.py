"""Members in Django templates, through the same Jinja macros the fragments use, so
each piece of member markup is written once (community/jinja2/community/macros.html)."""

from functools import cache
from typing import Any

from django import template
from django.template import engines
from markupsafe import Markup

register = template.Library()


@cache
def _macros() -> Any:
    return engines["jinja2"].env.get_template("community/macros.html").module  # type: ignore[attr-defined]


@register.simple_tag
def member_name(member: Any) -> Markup:
    """{% member_name thread.author %}: the pseudonym, or "former member"."""
    return _macros().member_name(member)
