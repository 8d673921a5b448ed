"""The append-only audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from community.audit.models import AuditLog
from community.registries.content import NotRegistered, adapter_for


def audit_target_label(target: Any) -> str:
    """A short label without content: `forum.post #12`, `community.user #5`."""
    try:
        return adapter_for(target).label_for(target)
    except NotRegistered:
        return f"{target._meta.label_lower} #{target.pk}"


def audit_record(
    *,
    actor: Any,
    action: str,
    target: Any = None,
    reason: str = "",
    data: dict | None = None,
) -> AuditLog:
    """Append one entry. `action` is dotted (`forum.post.hidden`); `actor` None means the
    system (e.g. content hidden automatically after reports). `data` holds ids and
    counts only, never content."""
    entry = AuditLog(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        reason=reason or "",
        data=data or {},
    )
    if target is not None:
        entry.target_content_type = ContentType.objects.get_for_model(
            target, for_concrete_model=True
        )
        entry.target_object_id = str(target.pk)
        entry.target_label = audit_target_label(target)[:200]
    entry.save()
    return entry
