"""Leaving Kring: a member downloads all their data and deletes their account, choosing
to erase what they wrote or to keep it as "former member"."""

import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone

from community.models import Block, Invitation, MembershipDecision
from community.privacy.constants import FORMER_MEMBER_USERNAME
from community.privacy.selectors import is_former_member
from community.privacy.services import former_member, member_data_export, member_delete
from community.registries.member_data import register_member_data, unregister_member_data
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes_source():
    """A fake app that stores one note per member, registered like a real app."""
    notes: dict[str, str] = {}
    calls: list[tuple] = []

    def export(member):
        return {"note": notes.get(member.username)}

    def erase(member):
        calls.append(("erase", member.username))
        notes.pop(member.username, None)

    def anonymise(member, replacement):
        calls.append(("anonymise", member.username, replacement.username))
        notes[replacement.username] = notes.pop(member.username)

    register_member_data("notes", export=export, erase=erase, anonymise=anonymise)
    yield notes, calls
    unregister_member_data("notes")


def _member_with_everything():
    """A member with a row in every community table that can point at them."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    member = UserFactory(email="herstel@example.nl")
    other = UserFactory()
    moderator = ModeratorFactory()
    Block.objects.create(blocker=member, blocked=other)
    Block.objects.create(blocker=other, blocked=member)
    later = timezone.now() + timedelta(days=7)
    Invitation.objects.create(created_by=member, expires_at=later)
    Invitation.objects.create(created_by=other, expires_at=later, used_by=member)
    MembershipDecision.objects.create(member=member, actor=moderator, decision="approved")
    MembershipDecision.objects.create(member=other, actor=member, decision="approved")
    TOTPDevice.objects.create(user=member, name="telefoon")
    StaticDevice.objects.create(user=member, name="reservecodes")
    return member, other


def _log_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


# --- Export ---------------------------------------------------------------------------


def test_export_holds_account_blocks_invitations_and_every_registered_apps_data(notes_source):
    notes, _calls = notes_source
    member, other = _member_with_everything()
    notes[member.username] = "mijn notitie"

    data = member_data_export(member=member)

    assert data["account"]["pseudonym"] == member.username
    assert data["account"]["email"] == "herstel@example.nl"
    assert data["account"]["roles"] == ["member"]
    assert {d["name"] for d in data["account"]["two_factor_devices"]} == {
        "telefoon",
        "reservecodes",
    }
    assert data["blocks"] == [
        {"blocked": other.username, "created_at": data["blocks"][0]["created_at"]}
    ]
    assert len(data["invitations"]) == 1
    assert data["membership_decisions"][0]["decision"] == "approved"
    assert data["notes"] == {"note": "mijn notitie"}


def test_export_leaves_out_the_password_hash_and_who_blocked_the_member():
    member, other = _member_with_everything()

    text = json.dumps(member_data_export(member=member), default=str)

    assert member.password not in text
    assert "pbkdf2" not in text
    assert text.count(other.username) == 1  # only the block the member made


def test_a_member_downloads_their_data_as_a_json_file():
    member, _other = _member_with_everything()

    response = _log_in(member).get("/account/leave/export/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="kring-')
    assert json.loads(response.content)["account"]["pseudonym"] == member.username
    assert "no-store" in response["Cache-Control"]


def test_visitors_cannot_reach_the_leaving_pages(client):
    for url in ["/account/leave/", "/account/leave/export/", "/account/leave/delete/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_leaving_page_offers_download_and_deletion():
    html = _log_in(UserFactory()).get("/account/leave/").content.decode()

    assert 'href="/account/leave/export/"' in html
    assert 'href="/account/leave/delete/"' in html


# --- Deletion -----------------------------------------------------------------------


def _user_references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) in every installed app whose foreign key points at a user,
    many-to-many tables (groups, permissions) included."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)  # OneToOneField is one too
                and field.remote_field.model is user_model
            ):
                found.append((model, field.attname))
    return found


@pytest.mark.parametrize("keep_content", [True, False])
def test_deletion_leaves_no_row_in_any_table_pointing_at_the_member(keep_content):
    from wagtail.models import ModelLogEntry

    member, other = _member_with_everything()
    ModelLogEntry.objects.create(
        content_type_id=1,
        label="x",
        action="wagtail.edit",
        object_id="1",
        user=member,
        timestamp=timezone.now(),
    )
    client = _log_in(member)
    member_id = member.pk

    member_delete(member=member, keep_content=keep_content)

    checked = _user_references()
    tables = {model._meta.db_table for model, _field in checked}
    # The tables this test checks, at least (it finds new ones by itself):
    assert {
        "community_block",
        "community_invitation",
        "community_membershipdecision",
        "community_user_groups",
        "community_user_user_permissions",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "account_emailaddress",
        "django_admin_log",
        "wagtailcore_modellogentry",
    } <= tables
    for model, attname in checked:
        rows = model._base_manager.filter(**{attname: member_id})
        assert not rows.exists(), f"{model._meta.db_table}.{attname} still points at the member"
    assert not get_user_model().objects.filter(pk=member_id).exists()
    assert all(
        str(s.get_decoded().get("_auth_user_id")) != str(member_id) for s in Session.objects.all()
    )
    assert client.get("/account/leave/").status_code == 302  # the old session is gone
    assert get_user_model().objects.filter(pk=other.pk).exists()


def test_deleting_with_erase_calls_every_apps_erase(notes_source):
    notes, calls = notes_source
    member = UserFactory()
    notes[member.username] = "weg ermee"

    member_delete(member=member, keep_content=False)

    assert calls == [("erase", member.username)]
    assert notes == {}


def test_deleting_with_keep_hands_content_to_the_former_member(notes_source):
    notes, calls = notes_source
    member = UserFactory()
    notes[member.username] = "blijft staan"

    member_delete(member=member, keep_content=True)

    assert calls == [("anonymise", member.username, FORMER_MEMBER_USERNAME)]
    assert notes == {FORMER_MEMBER_USERNAME: "blijft staan"}


def test_the_former_member_account_cannot_log_in_or_act_and_is_shared():
    first = former_member()
    second = former_member()

    assert first.pk == second.pk
    assert is_former_member(first)
    assert not first.has_usable_password()
    assert not first.is_active
    assert not first.is_approved
    assert not first.groups.exists()


def test_no_member_can_sign_up_as_former_member():
    with pytest.raises(ValidationError):
        get_user_model().username_validator(FORMER_MEMBER_USERNAME)


def test_a_failing_app_leaves_the_account_untouched(notes_source):
    def broken(member):
        raise RuntimeError("disk full")

    register_member_data("broken", export=lambda m: None, erase=broken, anonymise=broken)
    member = UserFactory()
    Block.objects.create(blocker=member, blocked=UserFactory())
    try:
        with pytest.raises(RuntimeError):
            member_delete(member=member, keep_content=False)
    finally:
        unregister_member_data("broken")

    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert Block.objects.filter(blocker=member).exists()


# --- The deletion page ---------------------------------------------------------------


def test_deletion_asks_for_the_password_again_and_keeps_the_choice_on_error():
    member = UserFactory()
    client = _log_in(member)

    response = client.post(
        "/account/leave/delete/", {"content": "keep", "password": "not-my-password"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert 'class="errorlist' in html
    assert re.search(r'value="keep"[^>]*checked', html)
    assert "not-my-password" not in html


def test_deletion_needs_a_choice_about_content():
    member = UserFactory()

    response = _log_in(member).post("/account/leave/delete/", {"password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_deleting_the_account_logs_out_and_says_goodbye():
    member = UserFactory()
    client = _log_in(member)

    response = client.post(
        "/account/leave/delete/", {"content": "erase", "password": DEFAULT_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/account/leave/deleted/"
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not response.wsgi_request.user.is_authenticated
    assert not Client().login(username=member.username, password=DEFAULT_PASSWORD)
