"""The Django admin's member pages work without name fields."""

import pytest
from django.test import Client

from community.models import User
from tests.community.twofactor_helpers import login_verified
from tests.factories import PendingUserFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_verified(client, SuperuserFactory())
    return client


def test_django_admin_lists_and_edits_members(admin_client):
    member = PendingUserFactory(email="herstel@example.org")
    assert admin_client.get("/django-admin/community/user/").status_code == 200
    page = admin_client.get(f"/django-admin/community/user/{member.pk}/change/")
    assert page.status_code == 200
    assert 'name="first_name"' not in page.content.decode()


def test_django_admin_adds_a_member_by_pseudonym(admin_client):
    response = admin_client.post(
        "/django-admin/community/user/add/",
        {
            "username": "adminproef",
            "password1": "lange-wandeling-langs-de-dijk",
            "password2": "lange-wandeling-langs-de-dijk",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="adminproef").exists()


def test_django_admin_shows_invitations_and_decisions_read_only(admin_client):
    assert admin_client.get("/django-admin/community/invitation/").status_code == 200
    assert admin_client.get("/django-admin/community/membershipdecision/").status_code == 200
    assert admin_client.get("/django-admin/community/membershipdecision/add/").status_code == 403
