"""Export and deletion cover requests, messages, notes and the read log."""

import json

import pytest

from community.helpdesk import services
from community.helpdesk.models import HelpMessage, HelpRequest, InternalNote, RequestRead
from community.privacy.selectors import is_former_member
from community.privacy.services import member_data_export, member_delete


@pytest.fixture
def conversation(help_request, member, worker):
    services.request_opened(actor=worker, request=help_request)
    services.request_answer(actor=worker, request=help_request, text="Bel me maar.")
    services.note_add(actor=worker, request=help_request, text="Interne notitie")
    services.member_reply(actor=member, request=help_request, text="Goed, dank je.")
    return help_request


def test_export_holds_the_members_requests_messages_and_read_log(conversation, member, worker):
    data = member_data_export(member=member)["helpdesk"]

    json.dumps(data)  # JSON-serialisable
    [request] = data["requests"]
    assert request["subject"] == conversation.subject
    assert [m["text"] for m in request["messages"]] == [
        "Kan ik TONK nog terugbetalen in delen?",
        "Bel me maar.",
        "Goed, dank je.",
    ]
    assert request["messages"][1]["from"] == worker.username
    assert request["opened_by"][0]["support_worker"] == worker.username
    assert "Interne notitie" not in json.dumps(data)  # staff notes are the organisation's


@pytest.mark.parametrize("keep_content", [True, False])
def test_a_member_who_leaves_takes_their_requests(conversation, member, keep_content):
    member_delete(member=member, keep_content=keep_content)

    assert not HelpRequest.objects.exists()
    assert not HelpMessage.objects.exists()
    assert not RequestRead.objects.exists()


def test_support_worker_who_keeps_content_leaves_answers_as_former_member(conversation, worker):
    member_delete(member=worker, keep_content=True)

    answer = HelpMessage.objects.get(text="Bel me maar.")
    assert is_former_member(answer.author)
    read = RequestRead.objects.get()
    assert read.reader is None  # the member still sees that someone opened it
    conversation.refresh_from_db()
    assert conversation.assigned_to is None
    assert InternalNote.objects.filter(author__isnull=False).count() == 1


def test_support_worker_who_erases_takes_their_answers_and_notes(conversation, worker):
    member_delete(member=worker, keep_content=False)

    assert not HelpMessage.objects.filter(text="Bel me maar.").exists()
    assert not InternalNote.objects.exists()
    assert RequestRead.objects.get().reader is None
    assert HelpRequest.objects.filter(pk=conversation.pk).exists()
