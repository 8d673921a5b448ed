"""Forum URLs: ids only, never titles (a login redirect must not reveal a thread)."""

from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("c/<int:category_id>/", views.category, name="category"),
    path("c/<int:category_id>/new/", views.thread_new, name="thread_new"),
    path("c/<int:category_id>/watch/", views.category_watch, name="category_watch"),
    path("t/<int:thread_id>/", views.thread, name="thread"),
    path("t/<int:thread_id>/reply/", views.reply, name="reply"),
    path("t/<int:thread_id>/watch/", views.thread_watch, name="thread_watch"),
    path("t/<int:thread_id>/tools/", views.thread_tools, name="thread_tools"),
    path("t/<int:thread_id>/split/", views.thread_split, name="thread_split"),
    path("p/<int:post_id>/", views.post_permalink, name="post"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:post_id>/history/", views.post_history, name="post_history"),
    path("p/actions/", views.post_action, name="post_action"),
    path("p/<int:post_id>/react/", views.post_react, name="post_react"),
    path("p/<int:post_id>/block/", views.post_block, name="post_block"),
    path("p/<int:post_id>/unblock/", views.post_unblock, name="post_unblock"),
]
