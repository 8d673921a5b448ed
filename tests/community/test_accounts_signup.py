"""Sign-up with a pseudonym, optional invitation code, and where new accounts land."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.accounts.services import invitation_create
from community.models import Invitation, MembershipDecision, User
from tests.factories import DEFAULT_PASSWORD, PendingUserFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
STRONG_PASSWORD = "lange-wandeling-langs-de-dijk"


def _signup(client: Client, **fields: str):
    data = {
        "username": "zomerregen",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "email": "",
        "invitation_code": "",
    }
    data.update(fields)
    return client.post(SIGNUP_URL, data)


def test_signup_page_explains_safe_pseudonyms_and_asks_no_legal_details():
    response = Client().get(SIGNUP_URL, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a safe pseudonym" in html
    assert "Not your legal name" in html
    assert "Not the name you use in your ads" in html
    form = response.context["form"]
    assert set(form.fields) == {"username", "password1", "password2", "email", "invitation_code"}
    assert not form.fields["email"].required
    assert "recovery" in html.lower() or "forget your password" in html
    start = html.index('action="/accounts/signup/"')
    signup_form = html[start : html.index("</form>", start)]
    input_names = set(re.findall(r'name="([^"]+)"', signup_form))
    assert input_names == {
        "csrfmiddlewaretoken",
        "username",
        "password1",
        "password2",
        "email",
        "invitation_code",
    }


def test_signup_page_is_dutch_by_default():
    html = Client().get(SIGNUP_URL).content.decode()
    assert "Kies een veilige schuilnaam" in html


def test_when_someone_signs_up_without_a_code_then_the_account_waits_for_approval():
    client = Client()
    response = _signup(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")
    user = User.objects.get(username="zomerregen")
    assert user.status == User.Status.PENDING
    assert not user.groups.exists()
    assert user.email == ""
    page = client.get(reverse("member_pending"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Waiting for approval" in page.content.decode()


def test_when_the_password_is_common_then_signup_fails_and_keeps_the_pseudonym():
    response = _signup(Client(), password1="password123", password2="password123")
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    html = response.content.decode()
    assert 'value="zomerregen"' in html
    assert "password123" not in html
    assert not User.objects.filter(username="zomerregen").exists()


def test_when_the_pseudonym_is_taken_then_signup_shows_a_field_error():
    UserFactory(username="zomerregen")
    response = _signup(Client())
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_when_signing_up_with_a_valid_code_then_the_account_is_approved_at_once():
    inviter = UserFactory()
    invitation = invitation_create(actor=inviter)
    client = Client()
    response = _signup(client, invitation_code=invitation.display_code.lower())
    assert response.status_code == 302
    assert response["Location"] != reverse("member_pending")
    user = User.objects.get(username="zomerregen")
    assert user.status == User.Status.APPROVED
    assert user.approved_at is not None
    assert user.invited_by == inviter
    assert list(user.groups.values_list("name", flat=True)) == ["member"]
    invitation.refresh_from_db()
    assert invitation.used_by == user
    assert invitation.is_used
    decision = MembershipDecision.objects.get(member=user)
    assert decision.decision == "approved"
    assert decision.actor == inviter
    assert decision.invitation == invitation


@pytest.mark.parametrize(
    ("make_code", "message"),
    [
        (lambda: "NOPE-NOPE-NOPE", "We do not know this invitation code"),
        (
            lambda: _used_invitation().display_code,
            "This invitation code has already been used",
        ),
        (
            lambda: (
                invitation_create(
                    actor=UserFactory(), valid_for=datetime.timedelta(seconds=-1)
                ).code
            ),
            "This invitation code has expired",
        ),
    ],
    ids=["unknown", "used", "expired"],
)
def test_when_the_code_is_bad_then_signup_shows_why_and_keeps_what_was_typed(make_code, message):
    code = make_code()
    response = Client().post(
        SIGNUP_URL,
        {
            "username": "zomerregen",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "email": "herstel@example.org",
            "invitation_code": code,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["invitation_code"]
    assert any(message in error for error in errors)
    html = response.content.decode()
    assert 'value="zomerregen"' in html
    assert 'value="herstel@example.org"' in html
    assert f'value="{code}"' in html
    assert STRONG_PASSWORD not in html
    assert not User.objects.filter(username="zomerregen").exists()


def _used_invitation() -> Invitation:
    invitation = invitation_create(actor=UserFactory())
    invitation.used_by = UserFactory()
    invitation.used_at = timezone.now()
    invitation.save()
    return invitation


def test_when_a_pending_member_logs_in_then_they_land_on_the_waiting_page():
    pending = PendingUserFactory()
    response = Client().post(LOGIN_URL, {"login": pending.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("member_pending")


def test_when_an_approved_member_logs_in_by_pseudonym_then_they_go_home():
    member = UserFactory(username="maanlicht")
    client = Client()
    response = client.post(LOGIN_URL, {"login": "Maanlicht", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(member.pk)


def test_login_page_asks_for_the_pseudonym():
    html = Client().get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pseudonym" in html
    assert "Email" not in html


def test_when_a_pending_member_enters_a_code_on_the_waiting_page_then_they_are_in():
    pending = PendingUserFactory()
    invitation = invitation_create(actor=UserFactory())
    client = Client()
    client.force_login(pending)
    response = client.post(reverse("member_pending"), {"code": invitation.code})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_approved
    assert client.get(reverse("member_pending")).status_code == 302


def test_when_a_pending_member_enters_a_bad_code_on_the_waiting_page_then_they_see_why():
    pending = PendingUserFactory()
    client = Client()
    client.force_login(pending)
    response = client.post(
        reverse("member_pending"), {"code": "XXXXX-YYYYY"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "We do not know this invitation code" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_approved


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("Moderator", "This name is reserved"),
        ("anna@example.org", "looks like an e-mail address"),
        ("lola0612345678", "looks like a phone number"),
    ],
)
def test_unsafe_or_misleading_pseudonyms_are_refused_with_a_reason(pseudonym, message):
    response = Client().post(
        SIGNUP_URL,
        {"username": pseudonym, "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["username"])
    assert not User.objects.exists()
