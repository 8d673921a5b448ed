"""Help-desk URLs: ids only, never subjects. /help/staff/ is a staff area (second
factor first: KRING_STAFF_PATH_PREFIXES)."""

from django.urls import path

from community.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.request_new, name="request_new"),
    path("requests/<int:request_id>/", views.request_page, name="request"),
    path("requests/<int:request_id>/reply/", views.member_reply, name="reply"),
    path("requests/<int:request_id>/handover/", views.member_handover, name="handover"),
    path("requests/<int:request_id>/close/", views.member_close, name="close"),
    path("requests/<int:request_id>/delete/", views.member_delete, name="delete"),
    path("staff/", views.queue, name="queue"),
    path("staff/requests/<int:request_id>/", views.staff_request, name="staff_request"),
    path("staff/requests/<int:request_id>/pick-up/", views.staff_pick_up, name="staff_pick_up"),
    path("staff/requests/<int:request_id>/answer/", views.staff_answer, name="staff_answer"),
    path("staff/requests/<int:request_id>/note/", views.staff_note, name="staff_note"),
    path("staff/requests/<int:request_id>/handover/", views.staff_handover, name="staff_handover"),
    path("staff/requests/<int:request_id>/close/", views.staff_close, name="staff_close"),
]
