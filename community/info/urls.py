from django.urls import path

from community.info import views

app_name = "info"
urlpatterns = [
    path("", views.search, name="search"),
]
