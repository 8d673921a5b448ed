"""Writes for the help desk: one function per action, each asking
community.helpdesk.policies first and writing one audit entry for a staff action.

Member text is checked with the moderation toolkit's `text_check`, with two deliberate
differences from the forum:

- **Personal information is expected here.** A member asking the Sociaal Plein about
  TONK may need to give a phone number, an address or a BSN, and a support worker may
  need to ask for one. The forum warns and holds such posts because other members
  read them; a request is read only by the member and the organisation, so the
  findings are ignored (the form says who reads it and to share only what is needed).
- **Nothing is held for review.** A moderator reading a held help-desk message would
  break the confidentiality rule, so watched words that "hold" do not apply; words
  that block still refuse the text (with the message kept in the form), and censored
  words are replaced as everywhere.

Notifications to the member are neutral (no subject, no name, no text) and go out
after commit. No answer is ever sent automatically: every answer is written by a
support worker, under their own name.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.audit.services import audit_record
from community.helpdesk import policies, selectors
from community.helpdesk.models import (
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    ContactPreference,
    HelpMessage,
    HelpRequest,
    InternalNote,
    RequestRead,
    Status,
    SupportWorkerMembership,
    Topic,
)
from community.info.organisations import HelpTopic, Organisation
from community.moderation.services import text_check
from community.notifications.services import (
    notification_create,
    notifications_for_target_delete,
)
from community.roles import Role

NOTIFICATION_KIND = "helpdesk"

# The information pages' topics that match a help-desk topic ("other": any).
TOPIC_TO_HELP_TOPIC = {
    Topic.HEALTH: HelpTopic.HEALTH,
    Topic.MONEY: HelpTopic.MONEY,
    Topic.HOUSING: HelpTopic.HOUSING,
    Topic.VIOLENCE: HelpTopic.VIOLENCE,
    Topic.EXIT: HelpTopic.EXIT,
    Topic.LEGAL: HelpTopic.LEGAL,
    Topic.OTHER: None,
}

# Neutral texts: a glance at the notification list reveals nothing.
TEXT_ANSWERED = gettext_lazy("You have a new answer to your question.")
TEXT_PICKED_UP = gettext_lazy("Someone is now looking at your question.")
TEXT_HANDOVER = gettext_lazy("Your question needs your decision.")
TEXT_STAFF_NEW = gettext_lazy("A new question is waiting.")
TEXT_STAFF_REPLY = gettext_lazy("A member answered you.")


# --- Checks ----------------------------------------------------------------------------------


def _message_text(*, author: Any, text: str, field: str = "text") -> str:
    """The text to save, or a ValidationError keyed on the form field."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write a message.")})
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                field: _(
                    "Your message is %(length)d characters long; the limit is %(limit)d. "
                    "Shorten it or send it in two parts."
                )
                % {"length": len(text), "limit": MESSAGE_MAX_LENGTH}
            }
        )
    checked = text_check(author=author, text=text)
    if checked.blocked:
        raise ValidationError({field: checked.message})
    return checked.text


def _member_url(request: HelpRequest) -> str:
    return reverse("helpdesk:request", args=[request.pk])


def _staff_url(request: HelpRequest) -> str:
    return reverse("helpdesk:staff_request", args=[request.pk])


def _notify_member(request: HelpRequest, text: Any) -> None:
    """No actor: the member is told even if they blocked the support worker, and the
    list names nobody."""
    member, url = request.member, _member_url(request)
    transaction.on_commit(
        lambda: notification_create(
            recipient=member, kind=NOTIFICATION_KIND, target=request, url=url, text=str(text)
        )
    )


def _notify_staff(request: HelpRequest, text: Any) -> None:
    """The support worker who picked it up, or else everyone of the organisation."""
    if request.assigned_to_id is not None:
        recipients = [request.assigned_to]
    else:
        recipients = [
            m.worker
            for m in SupportWorkerMembership.objects.filter(
                organisation_id=request.organisation_id,
                worker__is_active=True,
                worker__groups__name=Role.SUPPORT_WORKER,
            ).select_related("worker")
        ]
    url = _staff_url(request)
    for recipient in recipients:
        transaction.on_commit(
            lambda recipient=recipient: notification_create(
                recipient=recipient,
                kind=NOTIFICATION_KIND,
                target=request,
                url=url,
                text=str(text),
            )
        )


def _receiving_organisation(*, organisation_id: int | None, topic: str) -> Organisation:
    """The organisation a new request goes to, or a ValidationError that says why
    there is none (keyed on the form's organisation field)."""
    if organisation_id is None:
        chosen = selectors.organisation_for_topic(topic_code=TOPIC_TO_HELP_TOPIC.get(topic))
        if chosen is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "No organisation answers questions about this topic in Kring "
                        "right now. Choose an organisation from the list, or see who "
                        "helps with what on the information pages."
                    )
                }
            )
        return chosen
    organisation = Organisation.objects.filter(pk=organisation_id, live=True).first()
    if organisation is None:
        raise ValidationError(
            {"organisation": _("This organisation does not exist (any more). Choose another.")}
        )
    organisation = selectors.organisation_canonical(organisation)
    if organisation.pk not in selectors.organisation_ids_with_staff():
        raise ValidationError(
            {
                "organisation": _(
                    "This organisation has no support workers in Kring yet, so nobody "
                    "would read your question. Choose another organisation, or a topic."
                )
            }
        )
    return organisation


def _merge(errors: dict[str, list[str]], error: ValidationError) -> None:
    for key, messages in error.message_dict.items():
        errors.setdefault(key, []).extend(messages)


# --- Members ---------------------------------------------------------------------------------


@transaction.atomic
def request_open(
    *,
    actor: Any,
    subject: str,
    text: str,
    topic: str,
    organisation_id: int | None = None,
    contact_preference: str = ContactPreference.KRING,
) -> HelpRequest:
    """A member asks an organisation (or, choosing only a topic, the organisation
    that helps with it) for help. Every problem is a ValidationError keyed on the
    form field, so the form comes back with everything typed."""
    if not policies.can_open_request(actor):
        raise PermissionDenied(_("Only members can ask the help desk."))
    errors: dict[str, list[str]] = {}
    subject = " ".join((subject or "").split())
    if not subject:
        errors["subject"] = [_("Write a subject: a few words about your question.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = [
            _("The subject can be at most %(limit)d characters.") % {"limit": SUBJECT_MAX_LENGTH}
        ]
    if topic not in Topic.values:
        errors["topic"] = [_("Choose what your question is about.")]
    if contact_preference not in ContactPreference.values:
        errors["contact_preference"] = [_("Choose how you want to be contacted.")]
    clean_text = organisation = None
    try:
        clean_text = _message_text(author=actor, text=text)
    except ValidationError as error:
        _merge(errors, error)
    try:
        organisation = _receiving_organisation(organisation_id=organisation_id, topic=topic)
    except ValidationError as error:
        _merge(errors, error)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    request = HelpRequest.objects.create(
        member=actor,
        organisation=organisation,
        topic=topic,
        subject=subject,
        contact_preference=contact_preference,
        created_at=now,
        arrived_at=now,
        last_activity_at=now,
    )
    HelpMessage.objects.create(request=request, author=actor, text=clean_text, created_at=now)
    _notify_staff(request, TEXT_STAFF_NEW)
    return request


@transaction.atomic
def member_reply(*, actor: Any, request: HelpRequest, text: str) -> HelpMessage:
    if not policies.can_reply_as_member(actor, request):
        raise PermissionDenied(_("This request is closed. Open a new one if you need help."))
    clean_text = _message_text(author=actor, text=text)
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    now = timezone.now()
    message = HelpMessage.objects.create(request=request, author=actor, text=clean_text)
    request.last_activity_at = now
    if request.status == Status.WAITING:
        request.status = Status.PICKED_UP
    request.save(update_fields=["last_activity_at", "status"])
    _notify_staff(request, TEXT_STAFF_REPLY)
    return message


@transaction.atomic
def handover_answer(*, actor: Any, request: HelpRequest, accept: bool) -> HelpRequest:
    """The member agrees to the proposed hand-over (the request moves to the other
    organisation, which starts afresh: the first organisation no longer reads it and
    its notes stay with it) or declines it (nothing moves)."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if not policies.can_answer_handover(actor, request):
        raise ValidationError(_("There is no hand-over to agree to."))
    if accept and request.handover_to_id not in selectors.organisation_ids_with_staff():
        # Nothing moves; the member can still say no, which clears the proposal.
        raise ValidationError(
            _("That organisation has no support workers in Kring any more; nothing was moved.")
        )
    previous = request.organisation_id
    now = timezone.now()
    if accept:
        request.organisation_id = request.handover_to_id
        request.assigned_to = None
        request.status = Status.NEW
        request.arrived_at = now
        request.first_answer_at = None
    request.handover_to = request.handover_by = None
    request.last_activity_at = now
    request.save()
    audit_record(
        actor=actor,
        action="helpdesk.request.handed_over" if accept else "helpdesk.request.handover_declined",
        target=request,
        data={"from": previous, "to": request.organisation_id},
    )
    if accept:
        _notify_staff(request, TEXT_STAFF_NEW)
    return request


@transaction.atomic
def request_close(*, actor: Any, request: HelpRequest) -> bool:
    """Close a request (the member, or a support worker of its organisation).
    Repeat-safe: closing a closed request changes nothing."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == Status.CLOSED:
        return False
    is_staff = policies.can_close_as_staff(actor, request)
    if not (is_staff or policies.can_close_as_member(actor, request)):
        raise PermissionDenied(_("You cannot close this request."))
    now = timezone.now()
    request.status = Status.CLOSED
    request.closed_at = now
    request.last_activity_at = now
    request.handover_to = request.handover_by = None
    request.save(
        update_fields=["status", "closed_at", "last_activity_at", "handover_to", "handover_by"]
    )
    if is_staff:
        audit_record(actor=actor, action="helpdesk.request.closed", target=request)
    return True


@transaction.atomic
def request_delete(*, actor: Any, request: HelpRequest) -> None:
    """The member deletes a closed request: its messages, notes, read log and the
    notifications about it go with it. The audit log keeps only ids."""
    if not policies.can_delete_request(actor, request):
        raise PermissionDenied(_("Close the request before you delete it."))
    audit_record(actor=actor, action="helpdesk.request.deleted", target=request)
    _delete_request_rows(request)


def _delete_request_rows(request: HelpRequest) -> None:
    notifications_for_target_delete(request)
    request.delete()


# --- Support workers -----------------------------------------------------------------------


def _require_staff(actor: Any, request: HelpRequest) -> None:
    if not policies.can_work_on_request(actor, request):
        raise PermissionDenied(_("This request is with another organisation."))


@transaction.atomic
def request_opened(*, actor: Any, request: HelpRequest) -> RequestRead:
    """A support worker opened the request: written to the audit log and to the read
    log the member sees."""
    _require_staff(actor, request)
    read = RequestRead.objects.create(
        request=request, reader=actor, organisation_id=request.organisation_id
    )
    audit_record(actor=actor, action="helpdesk.request.opened", target=request)
    return read


def request_refused(*, actor: Any, request: HelpRequest) -> None:
    """Someone tried to open a request that is not theirs to read: logged (ids only)."""
    audit_record(
        actor=actor,
        action="helpdesk.request.refused",
        target=request,
        data={"organisation": request.organisation_id},
    )


@transaction.atomic
def request_pick_up(*, actor: Any, request: HelpRequest) -> bool:
    """Assign the request to `actor` by name (the member sees who). Repeat-safe."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    _require_staff(actor, request)
    if request.status == Status.CLOSED:
        raise ValidationError(_("This request is closed."))
    if request.assigned_to_id == actor.pk:
        return False
    request.assigned_to = actor
    if request.status == Status.NEW:
        request.status = Status.PICKED_UP
    request.last_activity_at = timezone.now()
    request.save(update_fields=["assigned_to", "status", "last_activity_at"])
    audit_record(actor=actor, action="helpdesk.request.picked_up", target=request)
    _notify_member(request, TEXT_PICKED_UP)
    return True


@transaction.atomic
def request_answer(*, actor: Any, request: HelpRequest, text: str) -> HelpMessage:
    """A support worker answers, in their own name and for their organisation. An
    answer to a request nobody picked up yet picks it up. The member is notified."""
    clean_text = _message_text(author=actor, text=text)
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    _require_staff(actor, request)
    if request.status == Status.CLOSED:
        raise ValidationError({"text": _("This request is closed.")})
    now = timezone.now()
    message = HelpMessage.objects.create(
        request=request,
        author=actor,
        organisation_id=request.organisation_id,
        text=clean_text,
        created_at=now,
    )
    if request.assigned_to_id is None:
        request.assigned_to = actor
    if request.first_answer_at is None:
        request.first_answer_at = now
    request.status = Status.WAITING
    request.last_activity_at = now
    request.save(update_fields=["assigned_to", "first_answer_at", "status", "last_activity_at"])
    audit_record(
        actor=actor,
        action="helpdesk.request.answered",
        target=request,
        data={"message": message.pk},
    )
    _notify_member(request, TEXT_ANSWERED)
    return message


@transaction.atomic
def note_add(*, actor: Any, request: HelpRequest, text: str) -> InternalNote:
    """An internal note, visible only to the actor's organisation."""
    _require_staff(actor, request)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"note": _("Write a note.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("A note can be at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}}
        )
    note = InternalNote.objects.create(
        request=request, organisation_id=request.organisation_id, author=actor, text=text
    )
    audit_record(
        actor=actor, action="helpdesk.request.note_added", target=request, data={"note": note.pk}
    )
    return note


@transaction.atomic
def handover_propose(*, actor: Any, request: HelpRequest, organisation_id: int) -> HelpRequest:
    """Propose handing the request over to another organisation. Nothing moves until
    the member agrees (`handover_answer`)."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    _require_staff(actor, request)
    if request.status == Status.CLOSED:
        raise ValidationError({"organisation": _("This request is closed.")})
    target = Organisation.objects.filter(pk=organisation_id, live=True).first()
    if target is not None:
        target = selectors.organisation_canonical(target)
    if target is None or target.pk not in selectors.organisation_ids_with_staff():
        raise ValidationError(
            {"organisation": _("Choose an organisation that has support workers in Kring.")}
        )
    if target.pk == request.organisation_id:
        raise ValidationError({"organisation": _("The request is with this organisation now.")})
    request.handover_to = target
    request.handover_by = actor
    request.last_activity_at = timezone.now()
    request.save(update_fields=["handover_to", "handover_by", "last_activity_at"])
    audit_record(
        actor=actor,
        action="helpdesk.request.handover_proposed",
        target=request,
        data={"to": target.pk},
    )
    _notify_member(request, TEXT_HANDOVER)
    return request


# --- Moderation ----------------------------------------------------------------------------


def message_purge(*, message: HelpMessage, actor: Any) -> None:
    """The toolkit's purge hook for a reported answer (the toolkit checks the
    moderator and writes the audit entry)."""
    message.delete()


# --- Administration --------------------------------------------------------------------------


def membership_check(*, worker: Any) -> None:
    """Only accounts with the support-worker role work for an organisation."""
    if not worker.groups.filter(name=Role.SUPPORT_WORKER).exists():
        raise ValidationError(
            {"worker": _("Give this account the support worker role first (2FA is required).")}
        )
