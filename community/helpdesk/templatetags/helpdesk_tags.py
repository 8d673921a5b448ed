"""{% load helpdesk_tags %}: the help desk's rules and text in templates, from the same
policy functions and the one sanitiser as everywhere else."""

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from community.helpdesk import policies
from community.text import render_markdown

register = template.Library()


@register.filter
def helpdesk_text(source: str) -> SafeString:
    """A message or note as HTML, through the one sanitiser at display time (nothing
    is stored as HTML, so an export or a deletion has only one copy to reach)."""
    return render_markdown(source or "")


@register.filter
def may_ask_for_help(user: Any) -> bool:
    return policies.can_open_request(user)


@register.filter
def has_helpdesk_queue(user: Any) -> bool:
    return policies.is_helpdesk_staff(user)


@register.filter
def can_report_message(message: Any, user: Any) -> bool:
    """{% if message|can_report_message:user %}"""
    return policies.can_report_message(user, message)


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    """{{ organisations|get_item:message.organisation_id }}"""
    return mapping.get(key)


@register.filter
def duration_label(value: Any) -> str:
    """A timedelta as "2 days 3 hours" / "45 minutes" (the admin's figures)."""
    total_minutes = int(value.total_seconds() // 60)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days and (minutes or not hours):
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    return " ".join(parts)
