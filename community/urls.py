from django.urls import include, path

from community import account_views, views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("quick-exit/", views.quick_exit_help, name="quick_exit_help"),
    path("language/", views.set_language, name="language_switch"),
    path("account/leave/", include("community.privacy.urls")),
    path("welcome/pending/", account_views.pending, name="member_pending"),
    path("members/approvals/", account_views.approvals, name="member_approvals"),
    path("members/invitations/", account_views.invitations, name="member_invitations"),
    path("members/invitations/new/", account_views.invitation_new, name="member_invitation_new"),
]
