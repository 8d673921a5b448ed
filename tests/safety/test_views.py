"""The warning pages: members only, the preview before sending, errors tied to their
fields with nothing lost, the reporter hidden from members, help links, "me too",
urgent-warning settings, publication from the review queue, and a list page whose
query count does not grow with the number of warnings."""

import re

import pytest
from django.urls import reverse

from community.moderation.models import ReviewItem
from community.safety.models import MeToo, SafetyWarning
from tests.community.twofactor_helpers import login_verified
from tests.factories import PendingUserFactory, TrustedMemberFactory

from .conftest import MULE_TEXT

NEW = reverse("safety:new")
FORM = {
    "kind": "money_mule",
    "area": "amsterdam",
    "happened_on": "2026-11-20",
    "what_happened": MULE_TEXT,
    "pattern": "Vraagt na een week om je pas.",
    "advice": "",
    "platform": "",
}


def _checked(html: str) -> str:
    return re.search(r'name="checked" value="([0-9a-f]*)"', html).group(1)


def test_visitors_and_pending_accounts_never_see_warnings(client, published):
    for url in (reverse("safety:index"), reverse("safety:detail", args=[published.pk]), NEW):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    client.force_login(PendingUserFactory())
    assert client.get(reverse("safety:index"))["Location"] == reverse("member_pending")


def test_the_form_is_labelled_and_grouped(member_client):
    html = member_client.get(NEW).content.decode()

    assert html.count("<fieldset") >= 3
    assert html.count("<legend") >= 3
    for name in ("area", "platform", "happened_on", "what_happened", "pattern", "advice"):
        assert f'for="id_{name}"' in html
    assert 'for="id_kind_0"' in html
    assert "Ugly Mugs NL" in html
    assert 'value="send"' not in html  # sending only after a check


def test_checking_shows_what_is_removed_and_why_and_saves_nothing(member_client):
    response = member_client.post(NEW, {**FORM, "action": "preview"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "data-removed" in html
    assert "0 6 - 1 2 3 4 5 6 7 8" in html
    assert re.search(r'data-preview-field="what_happened">[^<]*<p>[^<]*\[[^]]+\]', html)
    assert MULE_TEXT.split(" Hij")[0] in html  # the form keeps the text
    assert 'value="send"' in html
    assert SafetyWarning.objects.count() == 0


def test_sending_after_the_check_holds_it_for_a_moderator(member_client, member):
    checked = _checked(member_client.post(NEW, {**FORM, "action": "preview"}).content.decode())

    response = member_client.post(NEW, {**FORM, "action": "send", "checked": checked})

    assert response.status_code == 302
    assert response["Location"] == reverse("safety:mine")
    warning = SafetyWarning.objects.get()
    assert warning.reporter == member
    assert warning.is_held
    assert "1 2 3 4" not in warning.what_happened
    assert ReviewItem.objects.filter(object_id=str(warning.pk)).exists()
    mine = member_client.get(reverse("safety:mine")).content.decode()
    assert 'data-status="held"' in mine


def test_sending_a_changed_text_asks_for_another_check(member_client):
    checked = _checked(member_client.post(NEW, {**FORM, "action": "preview"}).content.decode())
    changed = {**FORM, "advice": "Bel hem niet: 06-87654321"}

    response = member_client.post(NEW, {**changed, "action": "send", "checked": checked})

    assert response.status_code == 200
    assert "data-preview" in response.content.decode()
    assert SafetyWarning.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what_happened": ""}, "what_happened"),
        ({"what_happened": "lang " * 1_000}, "what_happened"),
        ({"what_happened": "06-12345678 roos@example.nl Damrak 1, Amsterdam"}, "what_happened"),
        ({"kind": ""}, "kind"),
        ({"area": ""}, "area"),
        ({"happened_on": ""}, "happened_on"),
    ],
)
def test_bad_input_is_named_at_its_field_and_nothing_typed_is_lost(member_client, change, field):
    data = {**FORM, **change, "action": "send", "checked": "x"}

    html = member_client.post(NEW, data).content.decode()

    assert "data-form-errors" in html
    assert f'id="{field}-errors"' in html
    if field != "kind":
        assert re.search(rf'id="id_{field}"[^>]*aria-describedby="{field}-errors', html) or (
            re.search(rf'aria-describedby="{field}-errors[^"]*"[^>]*id="id_{field}"', html)
        )
    assert FORM["pattern"] in html
    assert SafetyWarning.objects.count() == 0


def test_members_never_see_the_reporter_and_moderators_do(
    client, published, member, other_member, moderator
):
    url = reverse("safety:detail", args=[published.pk])
    client.force_login(other_member)
    html = client.get(url).content.decode()
    assert member.username not in html
    assert "/help/" in html
    assert "/nl/geweld-of-bedreiging-melden/" in html
    assert "Verloopt op" in html or "Expires on" in html
    listing = client.get(reverse("safety:index")).content.decode()
    assert member.username not in listing
    assert f'data-warning="{published.pk}"' in listing

    login_verified(client, moderator)
    assert member.username in client.get(url).content.decode()


def test_held_and_expired_warnings_are_not_found_by_other_members(
    client, submit, member, other_member, published
):
    held = submit(actor=member)
    SafetyWarning.objects.filter(pk=published.pk).update(expires_at=published.published_at)
    client.force_login(other_member)

    # Answered like a missing id (the locale middleware first tries the /nl/ variant).
    for warning in (held, published, SafetyWarning(pk=9999)):
        url = reverse("safety:detail", args=[warning.pk])
        assert client.get(url, follow=True).status_code == 404
    client.force_login(member)  # the reporter still sees their own, with its status
    assert client.get(reverse("safety:detail", args=[held.pk])).status_code == 200


def test_me_too_is_counted_once(client, published, other_member):
    client.force_login(other_member)
    url = reverse("safety:me_too", args=[published.pk])

    client.post(url)
    client.post(url)
    html = client.get(reverse("safety:detail", args=[published.pk])).content.decode()

    assert MeToo.objects.filter(warning=published).count() == 1
    assert re.search(r"data-me-too-count>1<", html)
    client.post(url, {"undo": "1"})
    assert not MeToo.objects.exists()


def test_filters_on_the_list(client, submit, publish, member, other_member):
    publish(submit(actor=member, kind="scam", area="utrecht"))
    publish(submit(actor=member, kind="robbery", area="amsterdam"))
    client.force_login(other_member)

    response = client.get(reverse("safety:index"), {"kind": "robbery"})
    html = response.content.decode()

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]

    assert html.count("data-warning=") == 1
    empty = client.get(reverse("safety:index"), {"kind": "scam", "area": "amsterdam"})
    assert "data-warning=" not in empty.content.decode()


def test_urgent_settings_are_saved_and_mail_needs_an_address(member_client, member):
    url = reverse("safety:alert_settings")

    refused = member_client.post(url, {"areas": ["amsterdam"], "email": "on"})
    assert 'id="email-errors"' in refused.content.decode()

    assert member_client.post(url, {"areas": ["amsterdam", "utrecht"]}).status_code == 302
    assert 'value="utrecht"' in member_client.get(url).content.decode()
    assert sorted(member.safety_alert_areas.values_list("area", flat=True)) == [
        "amsterdam",
        "utrecht",
    ]


def test_a_moderator_publishes_from_the_review_queue(client, submit, member, moderator):
    warning = submit(actor=member)
    login_verified(client, moderator)
    item = ReviewItem.objects.get(object_id=str(warning.pk))

    queue = client.get(reverse("moderation:queue")).content.decode()
    assert f'data-review-item="{item.pk}"' in queue
    assert "bankpas" in queue
    client.post(reverse("moderation:item_decide", args=[item.pk]), {"action": "approve"})

    warning.refresh_from_db()
    assert warning.is_visible
    assert warning.expires_at is not None


@pytest.mark.services
def test_the_list_asks_the_same_number_of_queries_for_few_and_many_warnings(
    client, submit, publish, member, other_member, django_assert_max_num_queries
):
    client.force_login(other_member)
    publish(submit(actor=member))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("safety:index"))
    for _ in range(9):
        warning = publish(submit(actor=member, kind="violence"))
        MeToo.objects.create(warning=warning, member=TrustedMemberFactory())

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("safety:index")).content.decode()
    assert html.count("data-warning=") == 10
