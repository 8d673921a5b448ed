"""Template helpers for apps that link to the moderation toolkit.

{% load moderation_tags %}
<a href="{% report_url post %}">Report</a>
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from community.policies import is_moderator

register = template.Library()


@register.simple_tag
def report_url(obj) -> str:
    """The report form for any registered model instance (content types are cached)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return reverse("moderation:report", args=[content_type.pk, obj.pk])


@register.filter
def can_moderate(user) -> bool:
    """`{% if user|can_moderate %}`: show links to the moderation pages."""
    return is_moderator(user)
