from django.urls import path

from community.privacy import views

urlpatterns = [
    path("", views.leave, name="privacy_leave"),
    path("export/", views.export, name="privacy_export"),
    path("delete/", views.delete, name="privacy_delete"),
    path("deleted/", views.deleted, name="privacy_deleted"),
]
