"""Chat rooms are managed in the Wagtail admin ("Chat rooms"), by moderators and
superusers in a session verified with a second factor (the room rules are chat's:
community.policies.is_moderator decides, not the groups' model permissions).

Private conversations are no room to manage: they are left out of the list and their
addresses answer 404, so the admin never shows who talks to whom."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from chat.frames import room_public_payload
from chat.models import Room, RoomKind
from chat.realtime import room_event
from community.models import User
from community.policies import is_moderator
from community.roles import Role


class RoomPermissionPolicy(BasePermissionPolicy):
    """Every action on rooms: verified moderators and superusers (is_moderator)."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return is_moderator(user)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Room) -> bool:
        return instance.kind != RoomKind.DIRECT and is_moderator(user)

    def users_with_any_permission(self, actions: list[str]) -> QuerySet[User]:
        # The accounts that can (after their second factor): for Wagtail's listings.
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=Role.MODERATOR), is_active=True
        ).distinct()

    def instances_user_has_any_permission_for(self, user: Any, actions: list[str]) -> QuerySet:
        if not is_moderator(user):
            return Room.objects.none()
        return Room.objects.exclude(kind=RoomKind.DIRECT)


register_permission_policy(Room, RoomPermissionPolicy(Room))


class RoomForm(WagtailAdminModelForm):
    """Private conversations are opened by members, never made here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            choice for choice in self.fields["kind"].choices if choice[0] != RoomKind.DIRECT
        ]


class _NoPrivateRooms:
    def get_object(self, queryset: Any = None) -> Room:
        room = super().get_object(queryset)  # type: ignore[misc]
        if room.kind == RoomKind.DIRECT:
            raise Http404
        return room


class RoomEditView(_NoPrivateRooms, snippets.EditView):
    pass


class RoomDeleteView(_NoPrivateRooms, snippets.DeleteView):
    pass


class RoomCopyView(_NoPrivateRooms, snippets.CopyView):
    pass


class RoomHistoryView(_NoPrivateRooms, snippets.HistoryView):
    pass


class RoomUsageView(_NoPrivateRooms, snippets.UsageView):
    pass


class RoomViewSet(snippets.SnippetViewSet):
    model = Room
    icon = "comment"
    menu_label = _("Chat rooms")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "language", "order", "is_archived", "slow_mode_seconds"]
    list_filter = ["kind", "is_archived"]
    ordering = ["order", "name"]
    edit_view_class = RoomEditView
    delete_view_class = RoomDeleteView
    copy_view_class = RoomCopyView
    history_view_class = RoomHistoryView
    usage_view_class = RoomUsageView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("kind"),
            FieldPanel("language"),
            FieldPanel("order"),
            MultiFieldPanel(
                [
                    FieldPanel("is_archived"),
                    FieldPanel("opens_at"),
                    FieldPanel("closes_at"),
                    FieldPanel("slow_mode_seconds"),
                ],
                heading=_("Open and closed"),
            ),
            MultiFieldPanel(
                [FieldPanel("retention_days"), FieldPanel("purge_after_close_hours")],
                heading=_("Keeping messages"),
            ),
        ],
        base_form_class=RoomForm,
    )

    def get_queryset(self, request: Any) -> QuerySet[Room]:
        return Room.objects.exclude(kind=RoomKind.DIRECT)


register_snippet(RoomViewSet)


@hooks.register("after_edit_snippet")
def room_changed_in_admin(request: Any, instance: Any) -> None:
    """Open screens hear of a change made here (slow mode, opening times, archived)
    as of one made in the room, with a `room` frame; each socket adds what its member
    may do."""
    if isinstance(instance, Room):
        room_event(instance.pk, {"type": "room", "room": room_public_payload(instance)})
