from django.urls import path

from community.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("item/<int:item_id>/", views.item_detail, name="item_detail"),
    path("item/<int:item_id>/decide/", views.item_decide, name="item_decide"),
    path("item/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("item/<int:item_id>/purge/", views.content_purge, name="item_purge"),
    path(
        "report/<int:content_type_id>/<str:object_id>/",
        views.report,
        name="report",
    ),
    path("accounts/<int:user_id>/decide/", views.account_decide, name="account_decide"),
    path("members/<int:user_id>/", views.member_detail, name="member_detail"),
    path("members/<int:user_id>/sanction/", views.member_sanction, name="member_sanction"),
    path("members/<int:user_id>/note/", views.member_note, name="member_note"),
    path("members/<int:user_id>/trust/", views.member_trust, name="member_trust"),
    path("sanctions/<int:sanction_id>/revoke/", views.sanction_revoke, name="sanction_revoke"),
    path("appeals/<int:appeal_id>/", views.appeal_detail, name="appeal_detail"),
    path("my-sanctions/", views.my_sanctions, name="my_sanctions"),
    path("my-sanctions/<int:sanction_id>/appeal/", views.appeal_create, name="appeal_create"),
    path("audit/", views.audit, name="audit"),
    path("words/", views.words, name="words"),
    path("words/<int:rule_id>/delete/", views.word_delete, name="word_delete"),
]
