"""Every page: strict CSP, no caching for members, noindex for members-only areas,
neutral title and favicon, skip link, quick exit, and a language switch that works."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGE = "/quick-exit/"


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_site_pages_carry_a_strict_content_security_policy(client):
    policy = _csp(client.get(PUBLIC_PAGE))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all("unsafe" not in source for sources in policy.values() for source in sources)


def _login_verified_superuser(client: Client) -> None:
    """A superuser whose session passed the second factor (django-otp)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import SuperuserFactory

    user = SuperuserFactory()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def test_the_wagtail_admin_alone_gets_the_looser_policy(client):
    _login_verified_superuser(client)

    response = client.get("/admin/")

    assert response.status_code == 200
    admin = _csp(response)
    site = _csp(client.get(PUBLIC_PAGE))

    assert "'unsafe-inline'" in admin["script-src"]
    assert admin["default-src"] == ["'self'"]  # still nothing from another host
    assert "'unsafe-inline'" not in site["script-src"]


def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get(PUBLIC_PAGE).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert " style=" not in html


def test_a_logged_in_member_gets_no_store_on_every_response(client):
    client.force_login(UserFactory())

    for url in [PUBLIC_PAGE, "/account/leave/", "/nl/", "/does-not-exist/"]:
        response = client.get(url, follow=True)
        assert "no-store" in response["Cache-Control"], url


def test_a_visitor_is_not_sent_no_store_on_public_pages(client):
    response = client.get(PUBLIC_PAGE)

    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url", ["/forum/", "/moderation/", "/notifications/", "/account/leave/", "/accounts/login/"]
)
def test_members_only_areas_are_sent_noindex_even_to_visitors(client, url):
    response = client.get(url)

    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_pages_are_not_sent_noindex(client):
    assert "X-Robots-Tag" not in client.get(PUBLIC_PAGE)


def test_pages_for_a_logged_in_member_carry_noindex_meta(client):
    client.force_login(UserFactory())

    html = client.get(PUBLIC_PAGE).content.decode()

    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_layout_has_neutral_title_favicon_skip_link_and_quick_exit(client):
    html = client.get(PUBLIC_PAGE).content.decode()

    assert "<title>Kring</title>" in html
    assert 'rel="icon" href="/static/kring/favicon.svg"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'action="/exit/"' in html
    assert 'data-quick-exit-url="https://www.knmi.nl/' in html
    assert 'href="/quick-exit/"' in html  # the page explaining it


def test_dutch_is_the_default_language(client):
    response = client.get(PUBLIC_PAGE)

    assert '<html lang="nl">' in response.content.decode()
    assert "Snel weg" in response.content.decode()


def test_language_switch_on_a_language_neutral_page_stays_on_it(client):
    response = client.post("/language/", {"language": "en", "next": PUBLIC_PAGE})

    assert response.status_code == 302
    assert response["Location"] == PUBLIC_PAGE
    page = client.get(PUBLIC_PAGE).content.decode()
    assert '<html lang="en">' in page
    assert "Quick exit" in page


def _dutch_home():
    from wagtail.models import Locale, Site

    root = Site.objects.get(is_default_site=True).root_page
    return root.get_translation(Locale.objects.get(language_code="nl"))


def test_language_switch_on_a_wagtail_page_goes_to_its_translation(client):
    from wagtail.models import Locale, Page

    english, _ = Locale.objects.get_or_create(language_code="en")
    home = _dutch_home()
    page = home.add_child(instance=Page(title="Spreekuur", slug="spreekuur"))
    translated = page.copy_for_translation(english, copy_parents=True)
    translated.slug = "consultation-hours"
    translated.save_revision().publish()

    response = client.post("/language/", {"language": "en", "next": "/nl/spreekuur/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/consultation-hours/"
    back = client.post("/language/", {"language": "nl", "next": "/en/consultation-hours/"})
    assert back["Location"] == "/nl/spreekuur/"


def test_language_switch_on_an_untranslated_wagtail_page_goes_to_that_languages_home(client):
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    _dutch_home().add_child(instance=Page(title="Spreekuur", slug="spreekuur"))

    response = client.post("/language/", {"language": "en", "next": "/nl/spreekuur/"})

    assert response["Location"] == "/en/"


def test_language_switch_refuses_a_next_url_on_another_host(client):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_public_pages_carry_no_token_and_set_no_cookie_and_their_controls_still_work():
    """No per-visitor state on a public page: the language switch is a link and quick
    exit needs no token, so a fresh browser gets no cookie and every control works."""
    client = Client(enforce_csrf_checks=True)
    response = client.get(PUBLIC_PAGE)
    html = response.content.decode()

    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    switch = re.search(r'href="(/language/\?language=en&amp;next=[^"]+)"', html).group(1)
    switched = client.get(switch.replace("&amp;", "&"))
    assert switched.status_code == 302
    assert switched["Location"] == PUBLIC_PAGE
    # The language cookie ends with the browser session.
    assert switched.cookies["django_language"]["max-age"] == ""
    assert client.post("/exit/").status_code == 302


def test_language_switch_answers_a_link_like_the_form(client):
    response = client.get("/language/", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/language/", {"language": "xx", "next": PUBLIC_PAGE})

    assert response["Location"] == PUBLIC_PAGE
    assert "django_language" not in response.cookies


def test_the_exit_endpoint_ends_the_session_and_redirects_to_the_neutral_site(client, settings):
    client.force_login(UserFactory())

    response = client.post("/exit/")

    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert "_auth_user_id" not in client.session
    assert client.get("/account/leave/").status_code == 302  # logged out


def test_the_exit_endpoint_only_answers_post(client):
    assert client.get("/exit/").status_code == 405
