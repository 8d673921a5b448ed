"""Meetup pages under /meetups/ (a private prefix: noindex). The calendar feed is the
one address without a login: its secret token is the key, and a wrong or revoked token
answers 404. Creating, editing and managing meetups sit under /meetups/manage/, a staff
area (KRING_STAFF_PATH_PREFIXES): staff verify their second factor there first."""

from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("month/", views.month, name="month"),
    path("past/", views.past, name="past"),
    path("manage/new/", views.series_create, name="series_create"),
    path("propose/", views.propose, name="propose"),
    path("calendar/", views.calendar_feed, name="calendar"),
    path("calendar/<str:token>.ics", views.feed_ics, name="feed"),
    path("series/<int:pk>/", views.series, name="series"),
    path("manage/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("series/<int:pk>/rsvp/", views.series_rsvp, name="series_rsvp"),
    path("session/<int:pk>/", views.session, name="session"),
    path("session/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("session/<int:pk>/cancel/", views.rsvp_cancel, name="rsvp_cancel"),
    path("session/<int:pk>/join/", views.join, name="join"),
    path("session/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("manage/session/<int:pk>/", views.session_manage, name="session_manage"),
]
