"""Every information page type and the organisation snippet open in the Wagtail admin."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.community.twofactor_helpers import login_verified
from tests.factories import EditorFactory
from tests.info.factories import OrganisationFactory, information_page_create


@pytest.fixture
def editor_client(client, homes):
    login_verified(client, EditorFactory())
    return client


@pytest.mark.parametrize(
    "model",
    ["informationpage", "consultationhourspage", "supportschemepage", "organisationdirectorypage"],
)
def test_editor_can_open_the_add_form_of_each_page_type(editor_client, homes, model):
    response = editor_client.get(f"/admin/pages/add/info/{model}/{homes['nl'].pk}/")

    assert response.status_code == 200


def test_editor_can_edit_the_home_page_and_list_and_add_organisations(editor_client, homes):
    organisation = OrganisationFactory(name="Voorbeeldorganisatie")

    assert editor_client.get(f"/admin/pages/{homes['nl'].pk}/edit/").status_code == 200
    listing = editor_client.get("/admin/snippets/info/organisation/")
    assert "Voorbeeldorganisatie" in listing.content.decode()
    assert editor_client.get("/admin/snippets/info/organisation/add/").status_code == 200
    edit = editor_client.get(f"/admin/snippets/info/organisation/edit/{organisation.pk}/")
    assert edit.status_code == 200


def test_editor_can_open_the_translation_form(editor_client, homes):
    page = information_page_create(homes["nl"])

    response = editor_client.get(f"/admin/translation/submit/page/{page.pk}/")

    assert response.status_code == 200


def test_visitors_never_see_the_admin(client, homes):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain
    assert response.request["PATH_INFO"] == "/accounts/login/"


def test_images_in_the_body_use_renditions_with_srcset(client, homes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#3f3f8f").save(buffer, "JPEG")
    image = Image.objects.create(
        title="Spreekuurruimte", file=ImageFile(io.BytesIO(buffer.getvalue()), name="room.jpg")
    )
    page = information_page_create(
        homes["nl"],
        body=[
            {"type": "image", "value": {"image": image.pk, "alt": "De wachtkamer", "caption": ""}}
        ],
    )

    html = client.get(page.url).content.decode()

    assert 'srcset="' in html
    assert "width-360" in html
    assert "width-1080" in html
    assert 'alt="De wachtkamer"' in html
    assert 'loading="lazy"' in html


def test_editor_can_schedule_a_page_without_publish_permission(editor_client, homes):
    page = information_page_create(homes["nl"])

    html = editor_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert 'name="go_live_at"' in html
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_site_root_sends_readers_to_their_language(client, homes):
    assert client.get("/").headers["Location"] == "/nl/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/"
