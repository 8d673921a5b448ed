"""Staff notes and staff-only reasons never reach the member they are about: not in
their data export, not on any page they can open, not in their notifications
(security review, item 6: the rejection reason marked "only moderators see it" was in
the rejected applicant's export).

One member gets a row behind every field of every export source
(community.registries.member_data), and every staff-only field about them holds a marker."""

import json
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat import services as chat_services
from chat.models import Room
from community.accounts.services import (
    invitation_create,
    member_approve,
    member_block,
    member_reject,
)
from community.audit.services import audit_record
from community.helpdesk import services as helpdesk
from community.helpdesk.models import SupportWorkerMembership
from community.moderation.models import ModeratorNote, Sanction
from community.moderation.services import (
    appeal_create,
    appeal_decide,
    content_approve,
    content_hold,
    report_create,
    sanction_apply,
    sanction_revoke,
    trust_set,
)
from community.notifications.models import Notification
from community.privacy.services import member_data_export
from community.registries.member_data import member_data_sources
from community.safety import services as safety
from events import services as meetups
from forum import services as forum
from forum.models import Category, Post
from tests.community.page_walk import member_area_paths
from tests.community.twofactor_helpers import totp_device_create
from tests.events.conftest import fields as meetup_fields
from tests.factories import (
    ModeratorFactory,
    PendingUserFactory,
    SupportWorkerFactory,
    TrustedMemberFactory,
    trusted,
)
from tests.info.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

MARKER = "ALLEEN-VOOR-STAF-7Q"

# Every field written for staff eyes only, about a member: where it lives.
STAFF_ONLY_FIELDS = [
    "MembershipDecision.reason (approval and rejection)",
    "Sanction.staff_note",
    "Sanction.revoke_reason",
    "ModeratorNote.text",
    "Report.note (reports by others about them)",
    "AuditLog.reason (a moderator's trust change, a dismissal)",
    "InternalNote.text (a support worker's note on their help request)",
]


@pytest.fixture
def subject(db):
    """A member with data in every export field, and the marker in every staff-only
    field about them."""
    moderator, second = ModeratorFactory(), ModeratorFactory()
    other = TrustedMemberFactory()
    member = PendingUserFactory(username="onderwerp")
    member_reject(actor=moderator, member=member, reason=f"{MARKER} afwijzing")
    member_approve(actor=moderator, member=member, reason=f"{MARKER} goedkeuring")
    trusted(member)
    totp_device_create(member)
    invitation_create(actor=member)
    member_block(actor=member, blocked=other)
    # Forum: a thread, posts (one edited, one held), a reaction, a watch.
    category = Category.objects.create(name="Verhalen")
    thread = forum.thread_create(actor=member, category=category, title="Mijn week", body="Hoi")
    theirs = forum.thread_create(actor=other, category=category, title="Vraag", body="Wie weet")
    post = forum.post_create(actor=member, thread=theirs, body="Eerste versie")
    forum.post_edit(actor=member, post=post, body="Tweede versie")
    held = forum.post_create(actor=member, thread=thread, body="Nog even wachten")
    content_hold(held, reason="Eerste berichten worden bekeken")
    forum.reaction_toggle(actor=member, post=theirs.first_post, kind="hug")
    forum.thread_watch_set(actor=member, thread=theirs, watching=True)
    # Their own report, and reports by others about them.
    report_create(reporter=member, target=theirs.first_post, reason="spam", note="Mijn melding")
    report_create(reporter=other, target=post, reason="threat", note=f"{MARKER} melding")
    report_create(reporter=other, target=member, reason="other", note=f"{MARKER} over lid")
    # Decisions about them: the member sees the reason, never the staff note.
    warning = sanction_apply(
        actor=moderator, member=member, kind="warning", reason="Let op je toon",
        staff_note=f"{MARKER} waarschuwing",
    )  # fmt: skip
    silence = sanction_apply(
        actor=moderator, member=member, kind="silence", reason="Even rust",
        staff_note=f"{MARKER} stilte", duration=timedelta(days=1),
    )  # fmt: skip
    sanction_revoke(actor=moderator, sanction=silence, reason=f"{MARKER} opgeheven")
    appeal = appeal_create(member=member, sanction=warning, text="Ik was niet onbeleefd")
    appeal_decide(actor=second, appeal=appeal, outcome="upheld", reason="Het blijft staan")
    ModeratorNote.objects.create(member=member, author=moderator, text=f"{MARKER} notitie")
    trust_set(actor=moderator, member=member, level=3, reason=f"{MARKER} vertrouwen")
    audit_record(actor=moderator, action="moderation.review.dismissed", target=post,
                 reason=f"{MARKER} gesloten")  # fmt: skip
    # Safety: a warning they wrote, "me too" on another's, urgent-warning areas.
    today = timezone.localdate()
    others_warning = safety.warning_submit(
        actor=other, kind="scam", area="utrecht", happened_on=today,
        what_happened="Een nepklant wilde vooraf een betaalverzoek sturen.",
    )  # fmt: skip
    content_approve(others_warning, actor=second)
    safety.me_too_mark(actor=member, warning=others_warning)
    safety.warning_submit(
        actor=member, kind="robbery", area="amsterdam", happened_on=today,
        what_happened="Na afloop werd mijn tas afgepakt.", pattern="Betaalt contant vooraf.",
        advice="Berg je geld direct op.", platform="een datingsite",
    )  # fmt: skip
    safety.alert_settings_save(member=member, areas=["amsterdam"], email=False)
    # Chat: a message in a community room (and with it a room row).
    room = Room.objects.create(slug="koffiekamer", name="Koffiekamer")
    member.refresh_from_db()  # the silence above was lifted in the database
    chat_services.room_join(member=member, room=room)
    chat_services.message_post(actor=member, room=room, body="Hoi allemaal", client_id="c1")
    # Meetups: signed up for every session of a series, and a proposal of their own
    # (which makes them its facilitator).
    series = meetups.series_create(
        actor=moderator, data=meetup_fields(title="Kring", valid_from=today, capacity=10)
    )
    meetups.series_subscribe(
        member=member, series=series, house_rules_version=series.house_rules_version
    )
    meetups.series_propose(actor=member, data=meetup_fields(title="Wandelen", valid_from=today))
    # Others talk to them.
    forum.post_create(actor=other, thread=thread, body="@onderwerp sterkte!")
    # The help desk: a request, an answer, a reply, a read; the organisation's note.
    organisation = OrganisationFactory(name="Sociaal Plein", live=True)
    worker = SupportWorkerFactory()
    SupportWorkerMembership.objects.create(organisation=organisation, worker=worker)
    help_request = helpdesk.request_open(
        actor=member, subject="TONK", text="Vraag", topic="money", organisation_id=organisation.pk
    )
    helpdesk.request_opened(actor=worker, request=help_request)
    helpdesk.request_answer(actor=worker, request=help_request, text="Antwoord")
    helpdesk.note_add(actor=worker, request=help_request, text=f"{MARKER} casusnotitie")
    assert Sanction.objects.filter(member=member, staff_note__startswith=MARKER).count() == 2
    return member


def _empty_fields(data, path="export") -> list[str]:
    """Every list or mapping in the export that is empty (a field the test left blank)."""
    if isinstance(data, dict):
        empty = [] if data else [path]
        for key, value in data.items():
            empty += _empty_fields(value, f"{path}.{key}")
        return empty
    if isinstance(data, list):
        empty = [] if data else [path]
        for index, value in enumerate(data):
            empty += _empty_fields(value, f"{path}[{index}]")
        return empty
    return []


def test_every_export_field_of_every_source_is_filled_and_holds_no_staff_only_text(subject):
    export = member_data_export(member=subject)

    assert {source.name for source in member_data_sources()} <= export.keys()
    # Nothing left empty: every field the export has is walked with real data.
    assert _empty_fields(export) == []
    text = json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "Let op je toon" in text  # the reason they were shown is theirs
    assert MARKER not in text


def test_no_page_the_member_can_open_shows_staff_only_text(subject):
    client = Client()
    client.force_login(subject)
    posts = list(Post.objects.filter(author=subject).values_list("pk", flat=True))
    paths = member_area_paths(
        {
            "post_id": posts,
            "thread_id": list(
                Post.objects.filter(pk__in=posts).values_list("thread_id", flat=True)
            ),
            "category_id": list(Category.objects.values_list("pk", flat=True)),
            "pk": list(Notification.objects.filter(recipient=subject).values_list("pk", flat=True)),
        }
    )
    # Member-facing pages that live under /moderation/: their decisions and appeals.
    paths += [reverse("moderation:my_sanctions")] + [
        reverse("moderation:appeal_create", args=[pk])
        for pk in Sanction.objects.filter(member=subject).values_list("pk", flat=True)
    ]

    shown = {}
    for path in paths:
        client.force_login(subject)  # quick exit ends the session
        response = client.get(path, follow=True)
        if MARKER in response.content.decode(errors="replace"):
            shown[path] = response.status_code

    assert len(paths) > 40
    assert shown == {}


def test_notifications_hold_no_staff_only_text(subject):
    notifications = Notification.objects.filter(recipient=subject)

    assert notifications.count() >= 4
    for notification in notifications:
        assert MARKER not in f"{notification.text} {notification.url}"
