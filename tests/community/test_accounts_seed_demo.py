"""`manage.py seed_demo`: demo accounts of every kind, idempotent, never by accident."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticDevice

from community.accounts.demo import DEMO_PASSWORD
from community.management.commands.seed_demo import demo_modules
from community.models import User
from community.policies import (
    is_approved_member,
    is_editor,
    is_moderator,
    is_support_worker,
    trusted_session,
)
from tests.community.twofactor_helpers import verify_session

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug_or_force():
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username__startswith="demo-").exists()


@pytest.fixture(scope="class")
def seed_output(django_db_setup, django_db_blocker):
    """What one `seed_demo --force` printed; its rows stay until the class ends (a
    transaction rolled back then)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _seed()
        transaction.set_rollback(True)


class TestAfterOneSeed:
    """The tests start from one seeding for the class instead of seeding again each (a
    seeding costs about a second of CPU); each test's own writes are rolled back as
    usual."""

    def test_seed_demo_creates_one_account_of_each_kind_and_prints_how_to_log_in(self, seed_output):
        users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
        assert is_approved_member(users["demo-lid"])
        assert not is_approved_member(users["demo-nieuw"])
        assert users["demo-nieuw"].status == User.Status.PENDING
        # Staff roles count in a verified session (community.policies).
        assert is_moderator(trusted_session(users["demo-moderator"]))
        assert is_support_worker(trusted_session(users["demo-hulpverlener"]))
        assert is_editor(trusted_session(users["demo-redacteur"]))
        for username in users:
            assert username in seed_output
            assert Client().login(username=username, password=DEMO_PASSWORD)
        assert DEMO_PASSWORD in seed_output

    def test_each_staff_account_gets_a_printed_backup_code_that_works(self, seed_output):
        codes = dict(re.findall(r"(demo-\S+).*backup code \(second factor\): (\S+)", seed_output))
        assert set(codes) == {"demo-moderator", "demo-hulpverlener", "demo-redacteur"}
        for username, code in codes.items():
            device = StaticDevice.objects.get(user__username=username)
            assert device.verify_token(code)

    def test_seed_demo_is_idempotent(self, seed_output):
        counts = (User.objects.count(), StaticDevice.objects.count())
        again = _seed()
        assert (User.objects.count(), StaticDevice.objects.count()) == counts
        assert Client().login(username="demo-lid", password=DEMO_PASSWORD)
        assert "demo-lid" in again

    def test_the_demo_editor_can_work_in_the_wagtail_admin(self, seed_output):
        editor = User.objects.get(username="demo-redacteur")
        client = Client()
        client.force_login(editor)
        verify_session(client, editor)
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/pages/").status_code == 200
        assert editor.has_perm("wagtailadmin.access_admin")

    def test_the_demo_member_can_make_invitations_and_the_printed_code_works(self, seed_output):
        code = re.search(r"Invitation code from demo-lid.*: (\S+)", seed_output).group(1)
        password = "lange-wandeling-langs-de-dijk"
        response = Client().post(
            "/accounts/signup/",
            {
                "username": "uitgenodigd",
                "password1": password,
                "password2": password,
                "invitation_code": code,
            },
        )
        assert response.status_code == 302
        assert User.objects.get(username="uitgenodigd").is_approved


def test_seed_demo_runs_every_apps_demo_module_accounts_first():
    modules = [module.__name__ for module in demo_modules()]
    assert modules[0] == "community.accounts.demo"
    assert "community.info.demo" in modules
