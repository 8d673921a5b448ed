"""Django admin: watched words are read-only (changes go through the audited service)."""

from django.contrib import admin

from community.moderation.models import WatchedWord


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    """Read-only here: moderators manage rules at /moderation/words/ so each change is
    audited through the service."""

    list_display = ("word", "is_regex", "action", "replacement")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
