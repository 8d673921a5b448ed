"""Chat pages (the socket is /ws/chat/<slug>/, chat/routing.py). Rooms are known by
their slug; a conversation's slug says nothing about who is in it."""

from django.urls import path

from chat import views

app_name = "chat"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.room, name="room"),
    path("<slug:slug>/send/", views.send, name="send"),
    path("<slug:slug>/tools/", views.tools, name="tools"),
    path("<slug:slug>/report/<int:seq>/", views.report, name="report"),
]
