"""Demo accounts for a laptop: one of each kind, with known passwords.

Called by `manage.py seed_demo` before the other apps' demo content. Idempotent:
running it again resets the demo passwords and staff backup codes and prints them.
Never run in production (the command refuses unless DEBUG or --force).
"""

from dataclasses import dataclass
from typing import TextIO

from django.contrib.auth.models import Group
from django.db import transaction

from community.accounts.services import invitation_create, member_approve
from community.models import Invitation, User
from community.policies import trusted_session
from community.roles import Role
from community.twofactor.services import backup_codes_create

# Demo passwords are public (they are in the README): never use them anywhere else.
DEMO_PASSWORD = "kring-demo-2026"  # noqa: S105 - public on purpose


@dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str
    roles: tuple[Role, ...] = ()
    approved: bool = True

    @property
    def is_staff_role(self) -> bool:
        return bool(set(self.roles) - {Role.MEMBER})


ACCOUNTS = (
    DemoAccount("demo-moderator", "moderator", (Role.MEMBER, Role.MODERATOR)),
    DemoAccount("demo-lid", "approved member", (Role.MEMBER,)),
    DemoAccount("demo-nieuw", "pending member (waiting for approval)", approved=False),
    DemoAccount("demo-hulpverlener", "support worker", (Role.MEMBER, Role.SUPPORT_WORKER)),
    DemoAccount("demo-redacteur", "editor (Wagtail admin at /admin/)", (Role.EDITOR,)),
)


def _account(spec: DemoAccount) -> User:
    user, _created = User.objects.get_or_create(username=spec.username)
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    for role in spec.roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _backup_code(user: User) -> str:
    return backup_codes_create(user=user)[0]


@transaction.atomic
def seed(*, stdout: TextIO) -> None:
    users: dict[str, User] = {}
    lines = []
    for spec in ACCOUNTS:
        user = _account(spec)
        users[spec.username] = user
        if spec.username == "demo-moderator" and not user.is_approved:
            # The first moderator has nobody to approve them: set directly.
            user.status = User.Status.APPROVED
            user.save(update_fields=["status"])
        elif spec.approved:
            # The seed runs on the server: the operator stands in for a verified session.
            member_approve(
                actor=trusted_session(users["demo-moderator"]), member=user, reason="demo account"
            )
        else:
            user.status = User.Status.PENDING
            user.save(update_fields=["status"])
        second_factor = (
            f"  backup code (second factor): {_backup_code(user)}" if spec.is_staff_role else ""
        )
        lines.append(f"  {spec.username:<18} {spec.description}{second_factor}")

    invitation = Invitation.objects.open().filter(created_by=users["demo-lid"]).first()
    if invitation is None:
        invitation = invitation_create(actor=users["demo-lid"])

    stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):\n")
    stdout.write("\n".join(lines) + "\n")
    stdout.write(
        f"Invitation code from demo-lid (sign up with it to skip approval): "
        f"{invitation.display_code}\n"
    )
