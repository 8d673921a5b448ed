from django.urls import path

from community import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("quick-exit/", views.quick_exit_help, name="quick_exit_help"),
    path("language/", views.set_language, name="language_switch"),
]
