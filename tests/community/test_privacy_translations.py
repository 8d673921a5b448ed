"""The privacy app (leaving Kring) speaks Dutch from its own catalogue, and the shared
"former member" account is called the same everywhere."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community.privacy.constants import FORMER_MEMBER_LABEL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_leave_page_is_in_dutch_for_a_dutch_member():
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(UserFactory())

    page = client.get(reverse("privacy_leave")).content.decode()

    assert "Jouw gegevens en Kring verlaten" in page
    assert "Your data and leaving Kring" not in page


def test_former_member_is_called_oud_lid_in_every_dutch_text():
    # The deletion form promises 'shown as written by "oud-lid"': the forum, the
    # invitations page and the privacy app must all say the same.
    with translation.override("nl"):
        assert str(FORMER_MEMBER_LABEL) == "oud-lid"
        assert translation.gettext("former member") == "oud-lid"
        assert "oud-lid" in translation.gettext(
            'Keep my posts and messages, shown as written by "former member".'
        )
