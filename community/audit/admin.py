"""Django admin: the audit log is read-only for everyone (append-only through services)."""

from django.contrib import admin

from community.audit.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor", "target_label", "reason")
    list_filter = ("action",)
    search_fields = ("action", "target_label")
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
