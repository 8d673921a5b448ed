"""Rendering a warning's text: through the one sanitiser, never marked safe otherwise."""

from django import template
from django.utils.safestring import SafeString

from community.safety.areas import area_label as _area_label
from community.text import render_markdown

register = template.Library()


@register.filter
def warning_markdown(source: str) -> SafeString:
    return render_markdown(source or "")


@register.filter
def area_label(slug: str) -> str:
    return _area_label(slug)
