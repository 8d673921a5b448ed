"""Editors and admins manage users in the Wagtail admin without any name field."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import User
from tests.community.twofactor_helpers import login_verified
from tests.factories import SuperuserFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wagtail 8 calls it /admin/users/new/ (the issue text says /admin/users/add/).
ADD_URL = reverse("wagtailusers_users:add")


@pytest.fixture
def admin_client() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    login_verified(client, SuperuserFactory())
    return client


def test_add_user_page_asks_for_a_pseudonym_and_no_name(admin_client):
    response = admin_client.get(ADD_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert 'name="first_name"' not in html
    assert 'name="last_name"' not in html


def test_a_superuser_creates_a_user_without_name_or_email(admin_client):
    response = admin_client.post(
        ADD_URL,
        {
            "username": "nieuweredacteur",
            "email": "",
            "password1": "lange-wandeling-langs-de-dijk",
            "password2": "lange-wandeling-langs-de-dijk",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(username="nieuweredacteur")
    assert user.check_password("lange-wandeling-langs-de-dijk")
    assert user.email == ""


def test_a_superuser_edits_a_user_without_name_fields(admin_client):
    member = UserFactory(email="")
    url = reverse("wagtailusers_users:edit", args=[member.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="first_name"' not in page.content.decode()
    response = admin_client.post(
        url,
        {"username": member.username, "email": "herstel@example.org", "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.email == "herstel@example.org"
