from django.urls import path

from community import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("exit/", views.quick_exit, name="quick_exit"),
]
