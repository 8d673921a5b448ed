"""The help desk's services: opening, answering, hand-over, closing, deleting, and
every bad input answered with a clear message keyed on the form field."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from community.audit.models import AuditLog
from community.helpdesk import services
from community.helpdesk.models import (
    MESSAGE_MAX_LENGTH,
    HelpMessage,
    HelpRequest,
    InternalNote,
    RequestRead,
    Status,
    Topic,
)
from community.moderation.models import ReviewItem, WatchedWord
from community.notifications.models import Notification
from tests.factories import SupportWorkerFactory, UserFactory
from tests.helpdesk.factories import organisation_create, request_open, worker_for
from tests.helpers import unverified


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_member_opens_a_request_to_an_organisation(member, sociaal_plein, worker):
    request = request_open(member, sociaal_plein)

    assert request.organisation == sociaal_plein
    assert request.status == Status.NEW
    assert request.contact_preference == "kring"
    assert [m.text for m in request.messages.all()] == ["Kan ik TONK nog terugbetalen in delen?"]


def test_new_request_notifies_the_organisations_support_workers_neutrally(
    member, sociaal_plein, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_open(member, sociaal_plein, subject="Schulden en TONK")

    notification = Notification.objects.get(recipient=worker)
    assert "TONK" not in notification.text
    assert "Schulden" not in notification.text
    assert notification.url.startswith("/help/staff/")


def test_request_by_topic_goes_to_an_organisation_with_staff_for_that_topic(
    member, sociaal_plein, worker, ggd, ggd_worker
):
    request = services.request_open(
        actor=member, subject="Soa-test", text="Waar kan ik me laten testen?", topic=Topic.HEALTH
    )

    assert request.organisation == ggd


def test_request_by_topic_goes_to_the_organisation_with_fewest_open_requests(member):
    busy = organisation_create(name="A Drukke organisatie", topics=["money"])
    quiet = organisation_create(name="B Rustige organisatie", topics=["money"])
    worker_for(busy)
    worker_for(quiet)
    request_open(UserFactory(), busy)

    request = services.request_open(actor=member, subject="Geld", text="Vraag", topic=Topic.MONEY)

    assert request.organisation == quiet


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"subject": "x" * 151}, "subject"),
        ({"text": "  \n "}, "text"),
        ({"text": "x" * (MESSAGE_MAX_LENGTH + 1)}, "text"),
        ({"topic": "astrology"}, "topic"),
        ({"contact_preference": "pigeon"}, "contact_preference"),
        ({"organisation_id": 999_999}, "organisation"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(
    member, sociaal_plein, worker, changes, field
):
    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein, **changes)

    assert field in _errors(excinfo)
    assert _errors(excinfo)[field][0]
    assert HelpRequest.objects.count() == 0


def test_all_problems_are_reported_at_once(member, sociaal_plein, worker):
    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein, subject="", text="")

    assert set(_errors(excinfo)) == {"subject", "text"}


def test_oversized_message_says_how_long_it_is(member, sociaal_plein, worker):
    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein, text="a" * (MESSAGE_MAX_LENGTH + 5))

    assert str(MESSAGE_MAX_LENGTH + 5) in _errors(excinfo)["text"][0]


def test_organisation_without_support_workers_is_refused(member, ggd):
    with pytest.raises(ValidationError) as excinfo:
        request_open(member, ggd, topic=Topic.HEALTH)

    assert "no support workers" in _errors(excinfo)["organisation"][0]


def test_organisation_whose_only_worker_lost_the_role_has_no_staff(member, sociaal_plein, worker):
    worker.groups.clear()

    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein)

    assert "organisation" in _errors(excinfo)


def test_unpublished_organisation_counts_as_missing(member, sociaal_plein, worker):
    sociaal_plein.live = False
    sociaal_plein.save()

    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein)

    assert "does not exist" in _errors(excinfo)["organisation"][0]


def test_topic_nobody_answers_is_refused(member, sociaal_plein, worker):
    with pytest.raises(ValidationError) as excinfo:
        services.request_open(actor=member, subject="Juridisch", text="Vraag", topic=Topic.LEGAL)

    assert "organisation" in _errors(excinfo)


def test_pending_member_cannot_open_a_request(pending_member, sociaal_plein, worker):
    with pytest.raises(PermissionDenied):
        request_open(pending_member, sociaal_plein)


def test_personal_information_is_accepted_and_nothing_goes_to_the_moderators(
    member, sociaal_plein, worker
):
    text = "Mijn BSN geef ik liever niet hier, bel me op 06 12345678 of mail roos@example.org."

    request = request_open(member, sociaal_plein, text=text)

    assert request.messages.get().text == text
    assert ReviewItem.objects.count() == 0


def test_watched_word_that_blocks_refuses_the_message(member, moderator, sociaal_plein, worker):
    WatchedWord.objects.create(word="verbodenwoord", action="block")

    with pytest.raises(ValidationError) as excinfo:
        request_open(member, sociaal_plein, text="Dit bevat verbodenwoord.")

    assert "text" in _errors(excinfo)


def test_watched_word_that_holds_does_not_send_a_request_to_moderators(
    member, sociaal_plein, worker
):
    WatchedWord.objects.create(word="controlewoord", action="hold")

    request_open(member, sociaal_plein, text="Dit bevat controlewoord.")

    assert ReviewItem.objects.count() == 0


# --- Support workers ------------------------------------------------------------------------


def test_pick_up_assigns_by_name_and_tells_the_member(
    help_request, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_pick_up(actor=worker, request=help_request) is True
    assert services.request_pick_up(actor=worker, request=help_request) is False

    help_request.refresh_from_db()
    assert help_request.assigned_to == worker
    assert help_request.status == Status.PICKED_UP
    assert Notification.objects.filter(recipient=help_request.member).count() == 1
    assert AuditLog.objects.filter(action="helpdesk.request.picked_up", actor=worker).count() == 1


def test_answer_notifies_the_member_without_the_subject(
    help_request, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.request_answer(
            actor=worker, request=help_request, text="Ja, dat kan. Ik bel je."
        )

    help_request.refresh_from_db()
    assert message.author == worker
    assert message.organisation_id == help_request.organisation_id
    assert help_request.status == Status.WAITING
    assert help_request.assigned_to == worker  # answering picks it up
    assert help_request.first_answer_at == message.created_at
    notification = Notification.objects.get(recipient=help_request.member)
    assert help_request.subject not in notification.text
    assert "TONK" not in notification.text
    assert notification.actor is None
    assert notification.url == f"/help/requests/{help_request.pk}/"


def test_member_is_notified_of_every_answer(
    help_request, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=worker, request=help_request, text="Eerste")
        services.request_answer(actor=worker, request=help_request, text="Tweede")

    assert Notification.objects.filter(recipient=help_request.member).count() == 2


def test_member_reply_puts_the_request_back_with_the_support_worker(
    help_request, member, worker, django_capture_on_commit_callbacks
):
    services.request_answer(actor=worker, request=help_request, text="Kun je je inkomen sturen?")

    with django_capture_on_commit_callbacks(execute=True):
        services.member_reply(actor=member, request=help_request, text="Hier is het.")

    help_request.refresh_from_db()
    assert help_request.status == Status.PICKED_UP
    assert Notification.objects.filter(recipient=worker).exists()


def test_empty_answer_is_refused(help_request, worker):
    with pytest.raises(ValidationError) as excinfo:
        services.request_answer(actor=worker, request=help_request, text="   ")

    assert "text" in _errors(excinfo)
    assert help_request.messages.count() == 1


@pytest.mark.parametrize(
    "action",
    [
        lambda actor, request: services.request_pick_up(actor=actor, request=request),
        lambda actor, request: services.request_answer(actor=actor, request=request, text="Hoi"),
        lambda actor, request: services.note_add(actor=actor, request=request, text="Notitie"),
        lambda actor, request: services.request_opened(actor=actor, request=request),
    ],
)
def test_staff_actions_are_refused_to_everyone_but_the_organisation(
    help_request, ggd_worker, moderator, other_member, worker, action
):
    for outsider in (ggd_worker, moderator, other_member, unverified(worker)):
        with pytest.raises(PermissionDenied):
            action(outsider, help_request)


def test_internal_note_belongs_to_the_organisation(help_request, worker):
    note = services.note_add(actor=worker, request=help_request, text="Heeft al schulden")

    assert note.organisation_id == help_request.organisation_id
    with pytest.raises(ValidationError):
        services.note_add(actor=worker, request=help_request, text=" ")


def test_opening_a_request_writes_the_read_log_and_the_audit_log(help_request, worker):
    services.request_opened(actor=worker, request=help_request)
    services.request_opened(actor=worker, request=help_request)

    assert RequestRead.objects.filter(request=help_request, reader=worker).count() == 2
    assert AuditLog.objects.filter(action="helpdesk.request.opened", actor=worker).count() == 2


# --- Hand-over -------------------------------------------------------------------------------


def test_hand_over_waits_for_the_member_and_then_moves_the_request(
    help_request, member, worker, ggd, ggd_worker
):
    services.request_answer(actor=worker, request=help_request, text="De GGD helpt je beter.")
    services.note_add(actor=worker, request=help_request, text="Doorverwezen")
    services.handover_propose(actor=worker, request=help_request, organisation_id=ggd.pk)
    help_request.refresh_from_db()
    assert help_request.organisation_id != ggd.pk  # nothing moved yet

    services.handover_answer(actor=member, request=help_request, accept=True)

    help_request.refresh_from_db()
    assert help_request.organisation == ggd
    assert help_request.status == Status.NEW
    assert help_request.assigned_to is None
    assert help_request.first_answer_at is None
    assert help_request.handover_to is None
    assert AuditLog.objects.filter(action="helpdesk.request.handed_over", actor=member).exists()
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=worker, request=help_request, text="Nog iets")


def test_member_may_decline_a_hand_over(help_request, member, worker, ggd, ggd_worker):
    services.handover_propose(actor=worker, request=help_request, organisation_id=ggd.pk)

    services.handover_answer(actor=member, request=help_request, accept=False)

    help_request.refresh_from_db()
    assert help_request.organisation_id != ggd.pk
    assert help_request.handover_to is None


def test_hand_over_only_to_an_organisation_with_staff(help_request, worker, ggd):
    with pytest.raises(ValidationError) as excinfo:
        services.handover_propose(actor=worker, request=help_request, organisation_id=ggd.pk)

    assert "organisation" in _errors(excinfo)


def test_without_a_proposal_there_is_nothing_to_agree_to(help_request, member):
    with pytest.raises(ValidationError):
        services.handover_answer(actor=member, request=help_request, accept=True)


def test_only_the_owner_answers_a_hand_over(help_request, other_member, worker, ggd, ggd_worker):
    services.handover_propose(actor=worker, request=help_request, organisation_id=ggd.pk)

    with pytest.raises(ValidationError):
        services.handover_answer(actor=other_member, request=help_request, accept=True)


# --- Closing and deleting ---------------------------------------------------------------------


def test_closed_request_takes_no_more_messages(help_request, member, worker):
    assert services.request_close(actor=worker, request=help_request) is True
    assert services.request_close(actor=worker, request=help_request) is False
    help_request.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.member_reply(actor=member, request=help_request, text="Nog een vraag")
    with pytest.raises(ValidationError):
        services.request_answer(actor=worker, request=help_request, text="Nog iets")


def test_member_deletes_only_a_closed_request_and_everything_goes_with_it(
    help_request, member, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_answer(actor=worker, request=help_request, text="Antwoord")
    services.note_add(actor=worker, request=help_request, text="Notitie")
    services.request_opened(actor=worker, request=help_request)
    with pytest.raises(PermissionDenied):
        services.request_delete(actor=member, request=help_request)

    services.request_close(actor=member, request=help_request)
    help_request.refresh_from_db()
    services.request_delete(actor=member, request=help_request)

    assert not HelpRequest.objects.exists()
    assert not HelpMessage.objects.exists()
    assert not InternalNote.objects.exists()
    assert not RequestRead.objects.exists()
    assert not Notification.objects.filter(recipient=member).exists()


def test_another_member_cannot_delete_or_close(help_request, other_member):
    with pytest.raises(PermissionDenied):
        services.request_close(actor=other_member, request=help_request)


def test_membership_needs_the_support_worker_role(member):
    with pytest.raises(ValidationError):
        services.membership_check(worker=member)
    services.membership_check(worker=SupportWorkerFactory())


def test_hand_over_to_an_organisation_that_lost_its_staff_moves_nothing(
    help_request, member, worker, ggd, ggd_worker
):
    services.handover_propose(actor=worker, request=help_request, organisation_id=ggd.pk)
    ggd_worker.groups.clear()

    with pytest.raises(ValidationError):
        services.handover_answer(actor=member, request=help_request, accept=True)
    help_request.refresh_from_db()
    services.handover_answer(actor=member, request=help_request, accept=False)

    help_request.refresh_from_db()
    assert help_request.organisation_id != ggd.pk
    assert help_request.handover_to is None
