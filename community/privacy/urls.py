from django.urls import path

from community.privacy import views

urlpatterns = [
    path("settings/", views.member_settings, name="member_settings"),
    path("settings/unblock/<int:user_id>/", views.member_unblock, name="member_settings_unblock"),
    path("settings/sessions/end/", views.sessions_end, name="member_sessions_end"),
    path("leave/", views.leave, name="privacy_leave"),
    path("leave/export/", views.export, name="privacy_export"),
    path("leave/delete/", views.delete, name="privacy_delete"),
    path("leave/deleted/", views.deleted, name="privacy_deleted"),
]
