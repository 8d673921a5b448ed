"""Nobody learns from Kring whether an e-mail address belongs to a member.

Sign-up, login, password reset and e-mail change answer the same whether or not an
address (or, at login and reset, a pseudonym) is registered; the owner of an address
someone typed may get a neutral notice. Being found to hold an account here can out
a sex worker (security review, issue 7, item 4).

A taken pseudonym is refused at sign-up: a login name must be unique, so that one
answer is unavoidable (README, "Accounts": why that is acceptable).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
LOGIN_URL = reverse("account_login")
RESET_URL = reverse("account_reset_password")
EMAIL_URL = reverse("account_email")
STRONG_PASSWORD = "lange-wandeling-langs-de-dijk"
OWNER_ADDRESS = "eigenaar@example.org"


def _without_tokens(html: str, *variable: str) -> str:
    """The page with what must differ anyway (CSRF token, what was typed) blanked."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for text in variable:
        html = html.replace(text, "")
    return html


def _signup(client: Client, username: str, email: str):
    return client.post(
        SIGNUP_URL,
        {
            "username": username,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "email": email,
            "invitation_code": "",
        },
    )


# --- Sign-up --------------------------------------------------------------------------


def test_signup_with_an_address_in_use_answers_as_with_a_new_address():
    UserFactory(email=OWNER_ADDRESS)
    fresh_client, taken_client = Client(), Client()

    fresh = _signup(fresh_client, "zomerregen", "nieuw@example.org")
    taken = _signup(taken_client, "winterzon", OWNER_ADDRESS)

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    fresh_page = fresh_client.get(fresh["Location"]).content.decode()
    taken_page = taken_client.get(taken["Location"]).content.decode()
    assert _without_tokens(taken_page, "winterzon") == _without_tokens(fresh_page, "zomerregen")


def test_signup_with_an_address_in_use_never_gives_that_address_to_the_new_account():
    owner = UserFactory(email=OWNER_ADDRESS)

    _signup(Client(), "winterzon", OWNER_ADDRESS.upper())

    newcomer = User.objects.get(username="winterzon")
    assert newcomer.email == ""
    assert not EmailAddress.objects.filter(user=newcomer).exists()
    owners = [u.pk for u in User.objects.filter(email__iexact=OWNER_ADDRESS)]
    assert owners == [owner.pk]


def test_signup_with_an_address_in_use_tells_only_its_owner_neutrally():
    UserFactory(email=OWNER_ADDRESS)
    mail.outbox.clear()

    _signup(Client(), "winterzon", OWNER_ADDRESS)

    assert [message.to for message in mail.outbox] == [[OWNER_ADDRESS]]
    assert "winterzon" not in mail.outbox[0].body
    assert "winterzon" not in mail.outbox[0].subject


def test_signup_with_a_new_address_keeps_it_for_recovery():
    _signup(Client(), "zomerregen", "nieuw@example.org")

    assert User.objects.get(username="zomerregen").email == "nieuw@example.org"


def test_signup_form_errors_never_mention_an_address_in_use():
    UserFactory(email=OWNER_ADDRESS)

    response = Client().post(
        SIGNUP_URL,
        {"username": "winterzon", "password1": "kort", "password2": "kort", "email": OWNER_ADDRESS},
    )

    assert response.status_code == 200
    assert "email" not in response.context["form"].errors


# --- Login ----------------------------------------------------------------------------


def test_login_answers_the_same_for_an_unknown_pseudonym_and_a_wrong_password():
    UserFactory(username="maanlicht")

    known = Client().post(LOGIN_URL, {"login": "maanlicht", "password": "fout-wachtwoord-1"})
    unknown = Client().post(LOGIN_URL, {"login": "sterrenhemel", "password": "fout-wachtwoord-1"})

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert _without_tokens(known.content.decode(), "maanlicht") == _without_tokens(
        unknown.content.decode(), "sterrenhemel"
    )


def test_the_failed_login_limit_looks_the_same_for_unknown_pseudonyms():
    UserFactory(username="maanlicht")
    answers = {}
    for login in ("maanlicht", "sterrenhemel"):
        client = Client()
        for _ in range(6):
            response = client.post(LOGIN_URL, {"login": login, "password": "fout-wachtwoord-1"})
        answers[login] = (response.status_code, response.context["form"].errors)

    assert answers["maanlicht"] == answers["sterrenhemel"]


# --- Password reset -------------------------------------------------------------------


def test_password_reset_answers_the_same_for_an_unknown_address():
    UserFactory(email=OWNER_ADDRESS)

    known = Client().post(RESET_URL, {"email": OWNER_ADDRESS})
    unknown = Client().post(RESET_URL, {"email": "onbekend@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_password_reset_sends_no_mail_to_an_address_typed_by_a_stranger():
    UserFactory(email=OWNER_ADDRESS)
    mail.outbox.clear()

    Client().post(RESET_URL, {"email": "onbekend@example.org"})
    Client().post(RESET_URL, {"email": OWNER_ADDRESS})

    assert [message.to for message in mail.outbox] == [[OWNER_ADDRESS]]


# --- E-mail change --------------------------------------------------------------------


def _add_address(client: Client, address: str):
    return client.post(EMAIL_URL, {"action_add": "", "email": address})


def test_adding_an_address_in_use_answers_as_adding_a_new_one():
    UserFactory(email=OWNER_ADDRESS)
    fresh_client, taken_client = Client(), Client()
    fresh_client.force_login(UserFactory(username="zomerregen"))
    taken_client.force_login(UserFactory(username="winterzon"))

    fresh = _add_address(fresh_client, "nieuw@example.org")
    taken = _add_address(taken_client, OWNER_ADDRESS)

    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    fresh_page = fresh_client.get(EMAIL_URL).content.decode()
    taken_page = taken_client.get(EMAIL_URL).content.decode()
    assert _without_tokens(taken_page, OWNER_ADDRESS, "winterzon") == _without_tokens(
        fresh_page, "nieuw@example.org", "zomerregen"
    )


def test_adding_an_address_in_use_does_not_attach_it_and_notifies_its_owner():
    UserFactory(email=OWNER_ADDRESS)
    member = UserFactory(username="winterzon")
    client = Client()
    client.force_login(member)
    mail.outbox.clear()

    _add_address(client, OWNER_ADDRESS)

    assert not EmailAddress.objects.filter(user=member).exists()
    assert [message.to for message in mail.outbox] == [[OWNER_ADDRESS]]
    assert "winterzon" not in mail.outbox[0].body


def test_adding_a_new_address_sends_a_confirmation_link_to_it():
    member = UserFactory(username="zomerregen")
    client = Client()
    client.force_login(member)
    mail.outbox.clear()

    _add_address(client, "nieuw@example.org")

    assert EmailAddress.objects.filter(user=member, email="nieuw@example.org").exists()
    assert [message.to for message in mail.outbox] == [["nieuw@example.org"]]


def test_typing_someones_address_again_and_again_does_not_flood_their_inbox():
    UserFactory(email=OWNER_ADDRESS)
    member = UserFactory(username="winterzon")
    client = Client()
    client.force_login(member)
    mail.outbox.clear()

    for _ in range(3):
        _add_address(client, OWNER_ADDRESS)
    _signup(Client(), "zomerregen", OWNER_ADDRESS)

    assert len(mail.outbox) == 1


def test_the_email_page_lists_a_confirmed_address_but_not_one_waiting_for_its_link():
    member = UserFactory(username="zomerregen")
    EmailAddress.objects.create(user=member, email="bevestigd@example.org", verified=True)
    client = Client()
    client.force_login(member)
    _add_address(client, "wacht@example.org")

    html = client.get(EMAIL_URL).content.decode()

    assert 'value="bevestigd@example.org"' in html
    assert 'value="wacht@example.org"' not in html


def test_the_email_page_speaks_dutch_by_default():
    client = Client()
    client.force_login(UserFactory())

    html = client.get(EMAIL_URL).content.decode()

    assert "Een e-mailadres toevoegen" in html
    assert "zodra je op de link klikt" in html
