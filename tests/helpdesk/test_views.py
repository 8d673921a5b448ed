"""The help-desk pages: members' side, support workers' side, refusals and bad input."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from community.audit.models import AuditLog
from community.helpdesk import services
from community.helpdesk.models import HelpRequest, RequestRead, Status
from community.moderation.models import Report
from tests.community.twofactor_helpers import login_verified
from tests.factories import ModeratorFactory, UserFactory
from tests.helpdesk.factories import organisation_create, worker_for


def _member_url(request) -> str:
    return reverse("helpdesk:request", args=[request.pk])


def _staff_url(request) -> str:
    return reverse("helpdesk:staff_request", args=[request.pk])


def test_visitor_is_sent_to_login(client, help_request):
    for url in (reverse("helpdesk:index"), _member_url(help_request), _staff_url(help_request)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"] or "/2fa/" in response["Location"]


def test_member_asks_a_question_and_sees_promise_status_and_read_log(
    member_client, member, sociaal_plein, worker
):
    page = member_client.get(reverse("helpdesk:request_new"))
    assert page.status_code == 200
    assert "Een medewerker antwoordt binnen 2 werkdagen." in page.content.decode()

    response = member_client.post(
        reverse("helpdesk:request_new"),
        {
            "organisation": sociaal_plein.pk,
            "topic": "money",
            "subject": "TONK terugbetalen",
            "text": "Moet ik **alles** terugbetalen?",
            "contact_preference": "kring",
        },
    )

    request = HelpRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _member_url(request)
    page = member_client.get(_member_url(request))
    html = page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]
    assert "<strong>alles</strong>" in html  # through the one sanitiser
    assert "Een medewerker antwoordt binnen 2 werkdagen." in html
    assert 'data-status="new"' in html
    assert "TONK" not in html.split("<title>")[1].split("</title>")[0]
    index = member_client.get(reverse("helpdesk:index")).content.decode()
    assert "TONK terugbetalen" in index


def test_bad_input_comes_back_with_everything_typed(member_client, sociaal_plein, worker):
    response = member_client.post(
        reverse("helpdesk:request_new"),
        {
            "organisation": sociaal_plein.pk,
            "topic": "money",
            "subject": "Mijn onderwerp",
            "text": "   ",
            "contact_preference": "kring",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Write a message." in html or "Schrijf een bericht." in html
    assert 'value="Mijn onderwerp"' in html
    assert HelpRequest.objects.count() == 0


@pytest.mark.parametrize("organisation", ["999999", "no-staff"])
def test_request_to_a_missing_or_unstaffed_organisation_is_explained(
    member_client, sociaal_plein, worker, organisation
):
    if organisation == "no-staff":
        organisation = str(organisation_create(name="Zonder medewerkers").pk)
    response = member_client.post(
        reverse("helpdesk:request_new"),
        {
            "organisation": organisation,
            "topic": "money",
            "subject": "Vraag",
            "text": "Mijn lange vraag die ik niet kwijt wil",
            "contact_preference": "kring",
        },
    )

    html = response.content.decode()
    assert 'data-field-errors="organisation"' in html
    assert "Mijn lange vraag die ik niet kwijt wil" in html
    assert HelpRequest.objects.count() == 0


def test_oversized_reply_is_refused_and_kept(member_client, help_request):
    text = "x" * 10_001

    response = member_client.post(reverse("helpdesk:reply", args=[help_request.pk]), {"text": text})

    assert response.status_code == 400
    assert text in response.content.decode()
    assert help_request.messages.count() == 1


def test_other_members_and_moderators_get_404_on_the_members_page(client, help_request):
    # A 404 under a language-neutral prefix passes through the language redirect.
    client.force_login(UserFactory())
    assert client.get(_member_url(help_request), follow=True).status_code == 404
    login_verified(client, ModeratorFactory())
    assert client.get(_member_url(help_request), follow=True).status_code == 404
    assert client.get(_staff_url(help_request), follow=True).status_code == 404
    assert client.get(reverse("helpdesk:queue"), follow=True).status_code == 404


def test_unverified_support_worker_is_asked_for_the_second_factor(client, help_request, worker):
    client.force_login(worker)

    response = client.get(_staff_url(help_request))

    assert response.status_code == 302
    assert "/account/2fa/" in response["Location"]
    assert not RequestRead.objects.exists()


def test_support_worker_opens_picks_up_answers_and_the_member_sees_it(
    client, member, help_request, worker
):
    login_verified(client, worker)
    queue = client.get(reverse("helpdesk:queue"))
    assert help_request.subject in queue.content.decode()

    page = client.get(_staff_url(help_request))
    assert page.status_code == 200
    assert RequestRead.objects.filter(request=help_request, reader=worker).count() == 1
    assert AuditLog.objects.filter(action="helpdesk.request.opened", actor=worker).exists()

    client.post(reverse("helpdesk:staff_pick_up", args=[help_request.pk]), follow=True)
    client.post(
        reverse("helpdesk:staff_answer", args=[help_request.pk]),
        {"text": "Ik help je graag."},
        follow=True,
    )
    client.post(
        reverse("helpdesk:staff_note", args=[help_request.pk]), {"note": "Intern ding"}, follow=True
    )
    # The pages shown after each action are the same visit: one line in the read log.
    assert RequestRead.objects.filter(request=help_request).count() == 1
    client.get(_staff_url(help_request))  # opening it again is a new line
    assert RequestRead.objects.filter(request=help_request).count() == 2

    client.force_login(member)
    html = client.get(_member_url(help_request)).content.decode()
    assert f"@{worker.username}" in html
    assert "data-verified" in html  # the verified badge on the answer
    assert "Ik help je graag." in html
    assert "Intern ding" not in html
    assert html.count("data-read>") == 2  # the read log names the worker
    help_request.refresh_from_db()
    assert help_request.status == Status.WAITING


def test_empty_answer_keeps_the_page_with_a_message(client, help_request, worker):
    login_verified(client, worker)

    response = client.post(reverse("helpdesk:staff_answer", args=[help_request.pk]), {"text": ""})

    assert response.status_code == 400
    assert 'data-field-errors="text"' in response.content.decode()


def test_support_worker_of_another_organisation_gets_403_and_it_is_logged(
    client, help_request, ggd
):
    outsider = worker_for(ggd)
    login_verified(client, outsider)

    response = client.get(_staff_url(help_request))
    answer = client.post(
        reverse("helpdesk:staff_answer", args=[help_request.pk]), {"text": "Ik lees mee"}
    )

    assert response.status_code == 403
    assert "data-refused" in response.content.decode()
    assert help_request.subject not in response.content.decode()
    assert answer.status_code == 403
    assert help_request.messages.count() == 1
    assert not RequestRead.objects.exists()
    refusals = AuditLog.objects.filter(action="helpdesk.request.refused", actor=outsider)
    assert refusals.count() == 2


def test_member_agrees_to_a_hand_over_on_the_page(client, member, help_request, worker, ggd):
    worker_for(ggd)
    login_verified(client, worker)
    client.post(
        reverse("helpdesk:staff_handover", args=[help_request.pk]), {"organisation": ggd.pk}
    )

    client.force_login(member)
    assert "data-handover" in client.get(_member_url(help_request)).content.decode()
    client.post(reverse("helpdesk:handover", args=[help_request.pk]), {"answer": "accept"})

    help_request.refresh_from_db()
    assert help_request.organisation == ggd


def test_member_closes_and_deletes(member_client, help_request):
    member_client.post(reverse("helpdesk:close", args=[help_request.pk]))
    assert member_client.get(reverse("helpdesk:delete", args=[help_request.pk])).status_code == 200

    response = member_client.post(reverse("helpdesk:delete", args=[help_request.pk]))

    assert response.status_code == 302
    assert not HelpRequest.objects.exists()


def test_open_request_cannot_be_deleted(member_client, help_request):
    response = member_client.post(reverse("helpdesk:delete", args=[help_request.pk]))

    assert response.status_code == 302
    assert HelpRequest.objects.filter(pk=help_request.pk).exists()


def test_member_reports_an_answer_and_only_that_message_reaches_the_moderators(
    client, member, help_request, worker
):
    answer = services.request_answer(actor=worker, request=help_request, text="Ongepast antwoord")
    content_type = ContentType.objects.get_for_model(answer)
    report_url = reverse("moderation:report", args=[content_type.pk, answer.pk])
    client.force_login(member)
    assert report_url in client.get(_member_url(help_request)).content.decode()

    response = client.post(report_url, {"reason": "threat", "note": ""})

    assert response.status_code == 302
    assert Report.objects.count() == 1
    login_verified(client, ModeratorFactory())
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "Ongepast antwoord" in queue
    assert "Kan ik TONK nog terugbetalen in delen?" not in queue
    # The member's own message cannot be reported by anyone.
    own = help_request.messages.order_by("id").first()
    client.force_login(UserFactory())
    own_report_url = reverse("moderation:report", args=[content_type.pk, own.pk])
    assert client.get(own_report_url, follow=True).status_code == 404


def test_pages_have_no_inline_script_or_style_and_a_neutral_title(client, help_request, worker):
    services.note_add(actor=worker, request=help_request, text="Notitie")
    services.request_answer(actor=worker, request=help_request, text="Antwoord")
    pages = []
    client.force_login(help_request.member)
    for url in (
        reverse("helpdesk:index"),
        reverse("helpdesk:request_new"),
        _member_url(help_request),
    ):
        pages.append(client.get(url).content.decode())
    login_verified(client, worker)
    for url in (reverse("helpdesk:queue"), _staff_url(help_request)):
        pages.append(client.get(url).content.decode())

    for html in pages:
        assert " style=" not in html
        assert "<script>" not in html
        assert "<title>Kring</title>" in html
        assert 'lang="' in html
