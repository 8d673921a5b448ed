"""Django admin (/django-admin/, superusers with a verified second factor) for accounts.

Day-to-day approval happens on /members/approvals/ and in the moderation queue; the
admin is the fallback. Decisions are read-only here: they are a record.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from community.models import Block, Invitation, MembershipDecision, User


class PseudonymousUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


class PseudonymousUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PseudonymousUserChangeForm
    add_form = PseudonymousUserCreationForm
    list_display = ("username", "status", "is_active", "is_staff", "date_joined")
    list_filter = ("status", "is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("username",)
    readonly_fields = ("approved_at", "invited_by", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Membership"), {"fields": ("status", "approved_at", "invited_by", "email")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
    )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("display_code", "created_by", "created_at", "expires_at", "used_by")
    readonly_fields = ("code", "created_by", "created_at", "used_by", "used_at")
    fields = ("code", "created_by", "created_at", "expires_at", "used_by", "used_at")

    def has_add_permission(self, request) -> bool:
        return False  # Codes are made through community.accounts.services.invitation_create.


@admin.register(MembershipDecision)
class MembershipDecisionAdmin(admin.ModelAdmin):
    list_display = ("member", "decision", "actor", "created_at")
    list_filter = ("decision",)
    readonly_fields = ("member", "actor", "decision", "reason", "invitation", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
