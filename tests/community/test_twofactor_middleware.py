"""Staff pages need a verified second factor; member pages never ask for one."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from community.twofactor.middleware import TwoFactorMiddleware
from community.twofactor.selectors import is_staff_path
from tests.community.staff_urls import walk_urls
from tests.community.twofactor_helpers import login_verified, totp_device_create
from tests.factories import (
    EditorFactory,
    ModeratorFactory,
    SuperuserFactory,
    SupportWorkerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STAFF_URLS = [sample for sample in walk_urls() if is_staff_path(sample.path)]
OTHER_URLS = [sample for sample in walk_urls() if not is_staff_path(sample.path)]
VERIFY_PATH = "/account/2fa/verify/"


def _redirect_target(location: str) -> tuple[str, str]:
    """(path, next) of a redirect's location."""
    parts = urlsplit(location)
    return parts.path, parse_qs(parts.query).get("next", [""])[0]


def test_the_walk_finds_every_staff_area():
    prefixes_found = {
        prefix
        for prefix in settings.KRING_STAFF_PATH_PREFIXES
        for sample in STAFF_URLS
        if sample.path.startswith(prefix)
    }
    # Wagtail admin and Django admin have hundreds of pages; the walk must see them.
    assert len(STAFF_URLS) > 200
    assert {"/admin/", "/django-admin/"} <= prefixes_found


def test_every_sample_path_resolves_to_its_own_pattern():
    from django.urls import resolve

    wrong = [s.route for s in STAFF_URLS if resolve(s.path).func != s.pattern.callback]
    assert wrong == []


def test_every_staff_url_redirects_an_unverified_superuser_to_verification(client):
    user = SuperuserFactory()
    totp_device_create(user)
    client.force_login(user)
    verify_path = reverse("twofactor:verify")

    answered = {}
    for sample in STAFF_URLS:
        response = client.get(sample.path)
        answered[sample.route] = (response.status_code, response.get("Location", ""))
        assert response.status_code == 302, (
            f"{sample.path} ({sample.route}) answered {response.status_code}"
        )
        target, next_url = _redirect_target(response["Location"])
        assert target == verify_path, f"{sample.path} redirected to {target}"
        assert next_url == sample.path

    assert len(answered) == len({s.route for s in STAFF_URLS})


@pytest.mark.parametrize(
    "factory",
    [ModeratorFactory, SupportWorkerFactory, EditorFactory, SuperuserFactory],
    ids=["moderator", "support worker", "editor", "superuser"],
)
def test_every_staff_url_redirects_each_unverified_staff_role(client, factory):
    user = factory()
    totp_device_create(user)
    client.force_login(user)
    verify_path = reverse("twofactor:verify")

    for sample in STAFF_URLS:
        response = client.get(sample.path)
        assert response.status_code == 302, sample.path
        assert _redirect_target(response["Location"])[0] == verify_path, sample.path


def test_is_staff_flag_alone_requires_verification(client):
    user = UserFactory(is_staff=True)
    totp_device_create(user)
    client.force_login(user)

    response = client.get("/django-admin/")

    assert response.status_code == 302
    assert _redirect_target(response["Location"])[0] == reverse("twofactor:verify")


@pytest.mark.parametrize("method", ["post", "head", "put", "delete"])
def test_other_methods_on_staff_urls_are_redirected_too(client, method):
    user = ModeratorFactory()
    totp_device_create(user)
    client.force_login(user)

    for path in ("/admin/pages/1/edit/", "/django-admin/community/user/1/delete/", "/moderation/"):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert _redirect_target(response["Location"])[0] == reverse("twofactor:verify")


def test_staff_without_a_device_are_sent_to_enrolment_first(client):
    user = ModeratorFactory()
    client.force_login(user)

    response = client.get("/moderation/")

    assert response.status_code == 302
    assert _redirect_target(response["Location"]) == (reverse("twofactor:setup"), "/moderation/")


def test_an_unconfirmed_device_does_not_count_as_enrolled(client):
    user = EditorFactory()
    totp_device_create(user, confirmed=False)
    client.force_login(user)

    response = client.get("/admin/")

    assert _redirect_target(response["Location"])[0] == reverse("twofactor:setup")


def test_verified_superuser_reaches_both_admins(client):
    user = SuperuserFactory()
    login_verified(client, user)

    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_verified_moderator_is_not_sent_to_verification(client):
    user = ModeratorFactory()
    login_verified(client, user)

    for prefix in settings.KRING_STAFF_PATH_PREFIXES:
        response = client.get(prefix)
        if response.status_code == 302:
            assert _redirect_target(response["Location"])[0] not in {
                reverse("twofactor:verify"),
                reverse("twofactor:setup"),
            }, prefix


def test_a_session_verified_for_another_user_does_not_count(client):
    from django_otp import DEVICE_ID_SESSION_KEY

    moderator = ModeratorFactory()
    totp_device_create(moderator)
    other_device = totp_device_create(ModeratorFactory())
    client.force_login(moderator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other_device.persistent_id
    session.save()

    response = client.get("/moderation/")

    assert _redirect_target(response["Location"])[0] == reverse("twofactor:verify")


@pytest.mark.parametrize(
    "factory",
    [UserFactory, ModeratorFactory, SuperuserFactory],
    ids=["member", "moderator", "superuser"],
)
def test_no_page_outside_the_staff_areas_asks_for_a_second_factor(factory):
    user = factory()
    totp_device_create(user)
    middleware = TwoFactorMiddleware(lambda request: "passed")
    requests = RequestFactory()

    for sample in OTHER_URLS:
        request = requests.get(sample.path)
        request.user = user
        request.session = {}
        assert middleware(request) == "passed", sample.path
    assert len(OTHER_URLS) > 10


def test_member_without_two_factor_uses_member_pages_without_being_asked(client):
    member = UserFactory()
    client.force_login(member)

    for path in ("/health/", reverse("twofactor:overview"), "/forum/", "/nl/"):
        response = client.get(path)
        location = response.get("Location", "")
        assert "/account/2fa/" not in location, path
        assert response.status_code != 302 or not location.startswith("/account/2fa/"), path


def test_member_asking_for_a_staff_page_is_not_asked_for_a_code(client):
    member = UserFactory()
    client.force_login(member)

    response = client.get("/django-admin/")

    # Django admin sends non-staff accounts to its login page (→ allauth's login).
    assert "/account/2fa/" not in response.get("Location", "")


@pytest.mark.parametrize(
    ("login_path", "home"),
    [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")],
)
def test_admin_login_pages_send_visitors_to_the_one_login(client, login_path, home):
    response = client.get(login_path)

    assert response.status_code == 302
    assert _redirect_target(response["Location"]) == (reverse("account_login"), home)

    response = client.get(f"{login_path}?next={home}pages/")

    assert _redirect_target(response["Location"]) == (reverse("account_login"), f"{home}pages/")


@pytest.mark.parametrize("admin", ["/admin/", "/django-admin/"])
def test_admin_login_page_refuses_a_logged_in_member_without_looping(client, admin):
    client.force_login(UserFactory())

    response = client.get(admin, follow=True)

    # The admin sends a member to its login page, which refuses: no redirect loop
    # (the client raises on one), and no second login form beside allauth's.
    assert response.status_code == 403
    assert 'name="password"' not in response.content.decode()


@pytest.mark.parametrize(
    ("login_path", "home"),
    [("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")],
)
def test_admin_login_page_sends_a_verified_superuser_to_the_admin(client, login_path, home):
    login_verified(client, SuperuserFactory())

    response = client.get(login_path)

    assert response.status_code == 302
    assert response["Location"] == home


def test_wagtail_admin_sends_visitors_to_allauth_login(client):
    response = client.get("/admin/pages/", follow=True)

    final_path, _status = response.redirect_chain[-1]
    assert _redirect_target(final_path) == (
        reverse("account_login"),
        "/admin/pages/",
    )


def test_decorator_guards_a_staff_action_outside_the_staff_prefixes():
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse

    from community.twofactor.decorators import two_factor_verified

    view = two_factor_verified(lambda request: HttpResponse("done"))
    moderator, member = ModeratorFactory(session_verified=False), UserFactory()
    totp_device_create(moderator)

    def call(user):
        request = RequestFactory().post("/forum/thread/1/lock/")
        request.session = SessionStore()
        request.user = user
        return view(request)

    refused = call(moderator)
    assert refused.status_code == 302
    assert _redirect_target(refused["Location"]) == (VERIFY_PATH, "/forum/thread/1/lock/")
    assert call(member).content == b"done"
