"""Safety warning URLs (under /alerts/): ids only, never a kind or an area in the path."""

from django.urls import path

from community.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("urgent/", views.alert_settings, name="alert_settings"),
    path("<int:warning_id>/", views.detail, name="detail"),
    path("<int:warning_id>/me-too/", views.me_too, name="me_too"),
]
