"""Editors in the Wagtail admin: validation errors, the two-editor workflow, scheduling."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from community.info import services
from community.info.models import ConsultationHoursPage, SecondEditorApprovalTask
from tests.community.twofactor_helpers import login_verified
from tests.factories import EditorFactory
from tests.info.factories import OrganisationFactory, consultation_page_create


def consultation_form(organisation, **changes) -> dict:
    data = {
        "title": "Inloopspreekuur",
        "slug": "inloopspreekuur",
        "intro": "Een spreekuur zonder afspraak.",
        "organisation": organisation.pk,
        "frequency": "monthly",
        "ordinal": "1",
        "weekday": "1",
        "start_time": "13:00",
        "end_time": "15:00",
        "valid_from": "2021-06-01",
        "valid_until": "",
        "location_kind": "address",
        "address": "Voorbeeldstraat 1",
        "online_details": "",
        "access": "walk_in",
        "how_to_book": "",
        "is_free": "on",
        "cost_note": "",
        "last_reviewed": "2026-11-01",
        "exceptions": inline_formset([]),
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def editor(client, homes):
    user = EditorFactory()
    login_verified(client, user)
    return user


def add_url(parent) -> str:
    return f"/admin/pages/add/info/consultationhourspage/{parent.pk}/"


def test_editor_can_save_a_valid_consultation_hours_draft(client, homes, editor):
    organisation = OrganisationFactory()

    response = client.post(add_url(homes["nl"]), consultation_form(organisation))

    assert response.status_code == 302, response.content.decode()[:2000]
    page = ConsultationHoursPage.objects.get(slug="inloopspreekuur")
    assert not page.live


def test_end_time_before_start_time_is_refused_with_a_message(client, homes, editor):
    organisation = OrganisationFactory()

    response = client.post(
        add_url(homes["nl"]),
        consultation_form(organisation, start_time="15:00", end_time="13:00"),
    )

    assert response.status_code == 200
    assert "De eindtijd moet later zijn dan de begintijd." in response.content.decode()
    assert not ConsultationHoursPage.objects.filter(slug="inloopspreekuur").exists()


def test_rule_that_yields_no_dates_is_refused(client, homes, editor):
    organisation = OrganisationFactory()
    form = consultation_form(
        organisation,
        frequency="weekly",
        weekday="4",
        valid_from="2026-06-01",
        valid_until="2026-06-03",
    )

    response = client.post(add_url(homes["nl"]), form)

    assert response.status_code == 200
    assert "Deze regel geeft geen data" in response.content.decode()


def test_exception_on_a_day_outside_the_rule_is_refused(client, homes, editor):
    organisation = OrganisationFactory()
    form = consultation_form(
        organisation,
        exceptions=inline_formset(
            [{"kind": "cancelled", "date": "2026-03-04", "note": ""}]  # a Wednesday
        ),
    )

    response = client.post(add_url(homes["nl"]), form)

    assert response.status_code == 200
    assert "is geen datum van dit spreekuur" in response.content.decode()


def test_translation_still_in_dutch_cannot_be_submitted_but_can_be_saved(client, homes, editor):
    page = consultation_page_create(
        homes["nl"], title="Spreekuur", intro="Elke maand een spreekuur voor sekswerkers."
    )
    english = page.copy_for_translation(homes["en"].locale).specific
    form = consultation_form(
        page.organisation,
        title="Consultation hour",
        slug=english.slug,
        intro="Elke maand een spreekuur voor sekswerkers.",
    )
    url = f"/admin/pages/{english.pk}/edit/"

    submitted = client.post(url, {**form, "action-submit": "1"})
    saved = client.post(url, form)

    assert submitted.status_code == 200
    assert "nog de tekst in de oorspronkelijke taal" in submitted.content.decode()
    assert saved.status_code == 302


def test_two_editor_review_workflow_covers_the_whole_site(homes):
    workflow = Workflow.objects.get(name=services.WORKFLOW_NAME)

    assert homes["nl"].get_workflow() == workflow
    assert homes["en"].get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert isinstance(task, SecondEditorApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["editor"]


def test_editor_can_edit_but_cannot_publish_alone(homes):
    editor = EditorFactory()
    page = consultation_page_create(homes["nl"])

    permissions = page.permissions_for_user(editor)

    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("info.change_organisation")


def test_submitter_cannot_approve_but_a_second_editor_publishes(homes):
    author, reviewer = EditorFactory(), EditorFactory()
    page = consultation_page_create(homes["nl"])
    page.unpublish()
    page.title = "Nieuw spreekuur"
    page.save_revision(user=author)
    workflow = page.get_workflow()

    state = workflow.start(page, author)
    task = state.current_task_state.task.specific

    assert task.get_actions(page, author) == []
    assert not task.get_task_states_user_can_moderate(author).exists()
    assert [name for name, *_ in task.get_actions(page, reviewer)][:2] == ["reject", "approve"]
    task.on_action(state.current_task_state, reviewer, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.title == "Nieuw spreekuur"


def test_approved_change_with_a_go_live_date_is_published_by_the_scheduler(homes):
    author, reviewer = EditorFactory(), EditorFactory()
    page = consultation_page_create(homes["nl"])
    page.unpublish()
    page.go_live_at = timezone.now() + dt.timedelta(days=2)
    page.save_revision(user=author)
    state = page.get_workflow().start(page, author)
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
    page.refresh_from_db()
    revision = page.scheduled_revision
    assert not page.live
    assert revision is not None

    # Time passes: move the approved schedule (and the date stored in the revision)
    # into the past instead of waiting two days.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live
