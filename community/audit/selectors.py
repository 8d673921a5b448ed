"""Reads of the audit log."""

from django.db.models import QuerySet

from community.audit.models import AuditLog


def audit_entries(*, action_prefix: str = "") -> QuerySet[AuditLog]:
    """The log, newest first; only actions starting with `action_prefix` when given."""
    qs = AuditLog.objects.select_related("actor", "target_content_type")
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    return qs
