"""Administration: who works for which organisation (Django admin), the response-time
figures for editors (Wagtail admin), and the demo."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.accounts import demo as accounts_demo
from community.helpdesk import demo, selectors, services
from community.helpdesk.admin import MembershipForm
from community.helpdesk.models import HelpRequest
from community.info import demo as info_demo
from tests.community.twofactor_helpers import login_verified
from tests.factories import EditorFactory, SupportWorkerFactory, UserFactory
from tests.helpdesk.factories import request_open


def test_only_support_workers_can_be_linked_to_an_organisation(sociaal_plein):
    member = UserFactory()
    refused = MembershipForm(data={"worker": member.pk, "organisation": sociaal_plein.pk})
    worker = SupportWorkerFactory()
    accepted = MembershipForm(data={"worker": worker.pk, "organisation": sociaal_plein.pk})

    assert not refused.is_valid()
    assert "worker" in refused.errors
    assert accepted.is_valid(), accepted.errors


def _answered_after(request: HelpRequest, hours: float) -> None:
    HelpRequest.objects.filter(pk=request.pk).update(
        first_answer_at=request.arrived_at + timedelta(hours=hours)
    )


def test_median_time_to_first_answer_per_organisation(member, sociaal_plein, worker):
    for hours in (1, 3, 20):
        _answered_after(request_open(member, sociaal_plein), hours)
    request_open(member, sociaal_plein)  # still waiting
    old = request_open(member, sociaal_plein)
    HelpRequest.objects.filter(pk=old.pk).update(arrived_at=timezone.now() - timedelta(days=91))

    [figure] = selectors.response_times()

    assert figure.organisation.pk == sociaal_plein.pk
    assert figure.median == timedelta(hours=3)
    assert figure.answered == 3
    assert figure.waiting == 1


def test_first_answer_time_is_set_by_the_first_answer_only(help_request, worker):
    services.request_answer(actor=worker, request=help_request, text="Eerste")
    help_request.refresh_from_db()
    first = help_request.first_answer_at
    services.request_answer(actor=worker, request=help_request, text="Tweede")
    help_request.refresh_from_db()

    assert help_request.first_answer_at == first


def test_editor_sees_response_times_in_the_wagtail_admin(client, help_request, worker):
    services.request_answer(actor=worker, request=help_request, text="Antwoord")
    login_verified(client, EditorFactory())

    response = client.get(reverse("helpdesk_response_times"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-response-times" in html
    assert "Sociaal Plein Hilversum" in html
    assert help_request.subject not in html


def test_support_worker_does_not_see_the_figures(client, help_request, worker):
    login_verified(client, worker)

    response = client.get(reverse("helpdesk_response_times"))

    assert response.status_code in (302, 403)


def test_demo_links_the_demo_support_worker_to_the_sociaal_plein(db):
    accounts_demo.seed(stdout=io.StringIO())
    info_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())  # idempotent

    worker = SupportWorkerFactory._meta.model.objects.get(username="demo-hulpverlener")
    [membership] = worker.helpdesk_memberships.select_related("organisation")
    assert membership.organisation.name.startswith("Sociaal Plein")
    assert membership.organisation.locale.language_code == "nl"
    assert "2 werkdagen" in membership.organisation.response_promise
