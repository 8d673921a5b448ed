"""Unknown URLs get a friendly 404 in the layout; server errors a 500 without details."""

import pytest
from django.urls import path

from community.views import page_not_found, server_error

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("secret-detail-from-the-database")


urlpatterns = [path("boom/", _boom)]
handler404 = page_not_found
handler500 = server_error


@pytest.mark.parametrize("url", ["/no-such-page/", "/nl/no-such-page/", "/en/no-such-page/"])
def test_unknown_urls_get_the_friendly_404_in_the_site_layout(client, url):
    response = client.get(url, follow=True)

    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="quick-exit"' in html  # the site layout, quick exit included
    assert "<title>Kring</title>" in html


def test_the_404_page_is_translated(client):
    dutch = client.get("/nl/no-such-page/").content.decode()
    english = client.get("/en/no-such-page/").content.decode()

    assert "Pagina niet gevonden" in dutch
    assert "Page not found" in english


def test_a_server_error_shows_a_page_without_details(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/boom/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html
    assert "secret-detail" not in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html


def test_the_500_page_still_offers_quick_exit(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    html = client.get("/boom/").content.decode()

    assert 'data-quick-exit-url="https://www.knmi.nl/' in html
    assert "/static/kring/quick-exit.js" in html
