"""factory_boy factories shared by the whole suite.

Every user factory makes a pseudonymous account that can log in with
`DEFAULT_PASSWORD`. `UserFactory` is an approved member (status "approved", in the
"member" group); the role factories add the role's group on top of that.

    member = UserFactory()
    pending = PendingUserFactory()
    moderator = ModeratorFactory()
    client.force_login(member)

Staff roles count only in a session verified with a second factor
(community.policies). The object a factory returns stands for a verified session
(`is_verified()` is True), so service-level tests of staff actions read naturally;
`ModeratorFactory(session_verified=False)` or `tests.helpers.unverified(user)` gives an
unverified one. Over HTTP the object does not travel: the test client's session is
verified only through `tests.community.twofactor_helpers.login_verified`.
"""

import factory
from django.contrib.auth.models import Group

from community.models import User
from community.moderation.models import MemberTrust, TrustLevel
from community.roles import Role

DEFAULT_PASSWORD = "veilig-wachtwoord-42"


def _add_roles(user: User, roles: list[Role]) -> None:
    for role in roles:
        group, _created = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    # policies.role_names caches group names on the instance.
    user.__dict__.pop("_kring_role_names", None)


class UserFactory(factory.django.DjangoModelFactory):
    """An approved member (group "member")."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nachtvlinder{n}")
    email = ""
    status = User.Status.APPROVED
    is_active = True
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        """Groups to add: `UserFactory(roles=[Role.MODERATOR])`. Approved accounts
        always get the "member" group, as approval does."""
        if not create:
            return
        wanted: list[Role] = []
        if self.status == User.Status.APPROVED:
            wanted.append(Role.MEMBER)
        wanted.extend(extracted or [])
        _add_roles(self, wanted)

    @factory.post_generation
    def session_verified(self, create: bool, extracted: bool | None, **kwargs) -> None:
        """The returned object is a verified session unless `session_verified=False`."""
        verified = True if extracted is None else bool(extracted)
        self.is_verified = lambda: verified


def trusted(member: User) -> User:
    """Lift `member` past the first-post hold: their posts go out unreviewed."""
    MemberTrust.objects.update_or_create(
        member=member, defaults={"level": TrustLevel.MEMBER, "locked": True}
    )
    member.__dict__.pop("_kring_trust_level", None)
    return member


class TrustedMemberFactory(UserFactory):
    """An approved member whose posts go out unreviewed (most tests are not about the
    first-post hold; `UserFactory` is a member still at trust level "new")."""

    username = factory.Sequence(lambda n: f"zwaluw{n}")

    @factory.post_generation
    def trust(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            trusted(self)


class PendingUserFactory(UserFactory):
    """A new account waiting for a moderator's approval: no groups."""

    username = factory.Sequence(lambda n: f"nieuwkomer{n}")
    status = User.Status.PENDING


class RejectedUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"afgewezen{n}")
    status = User.Status.REJECTED


class ModeratorFactory(UserFactory):
    """An approved member who is also a peer moderator (2FA required for staff pages)."""

    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def staff_role(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            _add_roles(self, [Role.MODERATOR])


class SupportWorkerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"hulpverlener{n}")

    @factory.post_generation
    def staff_role(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            _add_roles(self, [Role.SUPPORT_WORKER])


class EditorFactory(UserFactory):
    """Municipality editor: Wagtail admin access through the "editor" group."""

    username = factory.Sequence(lambda n: f"redacteur{n}")

    @factory.post_generation
    def staff_role(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            _add_roles(self, [Role.EDITOR])


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"beheerder{n}")
    is_staff = True
    is_superuser = True
