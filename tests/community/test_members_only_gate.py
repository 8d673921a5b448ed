"""The members-only gate is community.policies.member_may_enter, on every members-only
page, in the header's notification bell and in the menu's links (issue 8 §1)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from community.accounts.decorators import approved_member_required
from community.models import SANCTION_FOREVER, User
from community.policies import member_may_enter
from tests.factories import PendingUserFactory, RejectedUserFactory, UserFactory

pytestmark = pytest.mark.django_db

MEMBERS_ONLY_PAGES = [
    reverse("forum:index"),
    reverse("notifications:list"),
    reverse("member_invitations"),
]


def _person(state: str):
    if state == "visitor":
        return AnonymousUser()
    if state == "pending":
        return PendingUserFactory()
    if state == "rejected":
        return RejectedUserFactory()
    member = UserFactory()
    later = timezone.now() + timedelta(days=1)
    earlier = timezone.now() - timedelta(days=1)
    changes = {
        "silenced": {"silenced_until": later},
        "suspended": {"suspended_until": later},
        "banned": {"suspended_until": SANCTION_FOREVER},
        "suspension over": {"suspended_until": earlier},
    }.get(state, {})
    User.objects.filter(pk=member.pk).update(**changes)
    return User.objects.get(pk=member.pk)


STATES = ["visitor", "pending", "rejected", "member", "silenced", "suspended", "banned"]
STATES.append("suspension over")


@pytest.mark.parametrize("state", STATES)
def test_the_decorator_lets_in_exactly_whom_member_may_enter_lets_in(state):
    user = _person(state)
    view = approved_member_required(lambda request: HttpResponse("binnen"))
    request = RequestFactory().get("/forum/")
    request.user = user

    response = view(request)

    assert (response.content == b"binnen") == member_may_enter(user)


@pytest.mark.parametrize("state", [s for s in STATES if s != "visitor"])
def test_members_only_pages_and_the_bell_follow_member_may_enter(client, state):
    user = _person(state)
    client.force_login(user)
    bell = Template("{% load notifications_tags %}{% notification_bell %}").render(
        Context({"user": user})
    )

    statuses = {url: client.get(url).status_code for url in MEMBERS_ONLY_PAGES}
    menu = client.get(reverse("privacy_leave")).content.decode()
    in_menu = (reverse("forum:index"), reverse("member_invitations"))
    menu_links = {url for url in in_menu if f'href="{url}"' in menu}

    if member_may_enter(user):
        assert set(statuses.values()) == {200}, statuses
        assert bell.strip()
        assert menu_links == set(in_menu)
    else:
        assert set(statuses.values()) == {302}, statuses
        assert not bell.strip()
        assert menu_links == set()
