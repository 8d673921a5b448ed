from django.urls import path

from community.accounts import views

urlpatterns = [
    path("welcome/pending/", views.pending, name="member_pending"),
    path("members/approvals/", views.approvals, name="member_approvals"),
    path("members/invitations/", views.invitations, name="member_invitations"),
    path("members/invitations/new/", views.invitation_new, name="member_invitation_new"),
]
