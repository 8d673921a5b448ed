"""The bell in the header: `{% load notifications_tags %}{% notification_bell %}`.

Renders nothing (and queries nothing) for whoever may not enter the community
(visitors, pending accounts, suspended members).
"""

from django import template

from community.notifications.selectors import unread_count
from community.policies import member_may_enter

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context: template.Context) -> dict:
    user = context.get("user")
    if not member_may_enter(user):
        return {"show": False}
    return {"show": True, "count": unread_count(user)}
