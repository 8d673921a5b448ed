"""Reads of the audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from community.audit.models import AuditLog


def audit_entries(*, action_prefix: str = "") -> QuerySet[AuditLog]:
    """The log, newest first; only actions starting with `action_prefix` when given."""
    qs = AuditLog.objects.select_related("actor", "target_content_type")
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    return qs


def audit_entry_count(*, action: str, target: Any) -> int:
    """How many times `action` was recorded about `target`."""
    ct = ContentType.objects.get_for_model(target, for_concrete_model=True)
    return AuditLog.objects.filter(
        action=action, target_content_type=ct, target_object_id=str(target.pk)
    ).count()
