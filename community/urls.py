from django.urls import path

from community import account_views, views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("welcome/pending/", account_views.pending, name="member_pending"),
]
