"""Categories are managed in the Wagtail admin."""

import pytest

from forum.models import Access, Category
from tests.community.twofactor_helpers import login_verified
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_creates_categories(client):
    Category.objects.create(name="Gezondheid")
    login_verified(client, SuperuserFactory())

    listing = client.get("/admin/snippets/forum/category/")
    assert listing.status_code == 200
    assert "Gezondheid" in listing.content.decode()

    response = client.post(
        "/admin/snippets/forum/category/add/",
        {
            "name": "Moderatorenoverleg",
            "description": "Alleen voor het team",
            "order": "9",
            "read_access": Access.STAFF,
            "post_access": Access.STAFF,
            "posts_need_approval": "",
        },
    )

    assert response.status_code == 302
    created = Category.objects.get(name="Moderatorenoverleg")
    assert created.read_access == Access.STAFF
