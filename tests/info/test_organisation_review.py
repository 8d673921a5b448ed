"""Organisations go through the same two-editor review as pages.

An organisation's phone number is what a reader calls; one editor alone must not be
able to change it on the consultation-hour pages. A change is a draft until a second
editor approves it, and the public pages show the published version only.
"""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.test import Client
from wagtail.models import Locale, Workflow

from community.info import services
from community.info.models import Organisation, OrganisationDirectoryPage
from tests.community.twofactor_helpers import login_verified
from tests.factories import EditorFactory
from tests.info.factories import (
    OrganisationFactory,
    consultation_page_create,
    information_page_create,
    publish,
)

OLD_PHONE = "035 111 1111"
NEW_PHONE = "035 999 9999"


def edit_url(organisation) -> str:
    return f"/admin/snippets/info/organisation/edit/{organisation.pk}/"


def organisation_form(organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "summary": organisation.summary,
        "topics": [topic.pk for topic in organisation.topics.all()],
        "languages": [language.pk for language in organisation.languages.all()],
        "phone": organisation.phone,
        "email": organisation.email,
        "website": organisation.website,
        "address": organisation.address,
        "opening_hours": organisation.opening_hours,
        "contact_note": organisation.contact_note,
    }
    data.update(changes)
    return data


def editor_client(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def visitor_sees(url: str) -> str:
    return Client().get(url).content.decode()


def submit(client: Client, organisation, **changes):
    return client.post(
        edit_url(organisation), {**organisation_form(organisation, **changes), "action-submit": "1"}
    )


def approve(client: Client, organisation, **changes):
    return client.post(
        edit_url(organisation),
        {
            **organisation_form(organisation, **changes),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )


def test_organisations_are_reviewed_by_the_two_editor_workflow(homes):
    assert Organisation.get_default_workflow() == Workflow.objects.get(name=services.WORKFLOW_NAME)


def test_editors_phone_change_is_not_live_until_a_second_editor_approves(homes):
    organisation = OrganisationFactory(phone=OLD_PHONE)
    page = consultation_page_create(homes["nl"], organisation=organisation)
    author, reviewer = editor_client(EditorFactory()), editor_client(EditorFactory())

    assert submit(author, organisation, phone=NEW_PHONE).status_code == 302

    organisation.refresh_from_db()
    assert organisation.workflow_in_progress
    assert organisation.phone == OLD_PHONE
    assert OLD_PHONE in visitor_sees(page.url)
    assert NEW_PHONE not in visitor_sees(page.url)

    assert approve(reviewer, organisation, phone=NEW_PHONE).status_code == 302

    organisation.refresh_from_db()
    assert not organisation.workflow_in_progress
    assert organisation.phone == NEW_PHONE
    assert NEW_PHONE in visitor_sees(page.url)


def test_editor_who_submitted_an_organisation_change_cannot_approve_it(homes):
    organisation = OrganisationFactory(phone=OLD_PHONE)
    page = consultation_page_create(homes["nl"], organisation=organisation)
    user = EditorFactory()
    author = editor_client(user)
    submit(author, organisation, phone=NEW_PHONE)

    approve(author, organisation, phone=NEW_PHONE)

    organisation.refresh_from_db()
    assert organisation.workflow_in_progress
    assert organisation.phone == OLD_PHONE
    assert NEW_PHONE not in visitor_sees(page.url)
    task = organisation.current_workflow_task
    assert task.get_actions(organisation, user) == []
    with pytest.raises(PermissionDenied):
        task.on_action(organisation.current_workflow_task_state, user, "approve")


def test_editor_cannot_publish_an_organisation_change_alone(homes):
    organisation = OrganisationFactory(phone=OLD_PHONE)
    user = EditorFactory()

    editor_client(user).post(
        edit_url(organisation),
        {**organisation_form(organisation, phone=NEW_PHONE), "action-publish": "1"},
    )

    organisation.refresh_from_db()
    assert organisation.phone == OLD_PHONE
    assert user.has_perm("info.change_organisation")
    assert not user.has_perm("info.publish_organisation")


def test_new_organisation_stays_out_of_the_directory_until_approved(homes):
    directory = OrganisationDirectoryPage(title="Wie helpt waarmee", slug="wie-helpt")
    homes["nl"].add_child(instance=directory)
    publish(directory)
    author, reviewer = editor_client(EditorFactory()), editor_client(EditorFactory())
    form = {"name": "Nieuwe hulporganisatie", "summary": "Helpt met alles.", "action-submit": "1"}

    assert author.post("/admin/snippets/info/organisation/add/", form).status_code == 302

    organisation = Organisation.objects.get(name="Nieuwe hulporganisatie")
    assert not organisation.live
    assert "Nieuwe hulporganisatie" not in visitor_sees(directory.url)
    approve(reviewer, organisation)
    assert "Nieuwe hulporganisatie" in visitor_sees(directory.url)


def test_pages_leave_out_an_organisation_that_is_not_live(homes):
    organisation = OrganisationFactory(name="Ingetrokken organisatie", phone=NEW_PHONE)
    organisation.unpublish()
    consultation = consultation_page_create(homes["nl"], organisation=organisation)
    information = information_page_create(
        homes["nl"],
        body=[{"type": "contact", "value": {"organisation": organisation.pk, "name": ""}}],
    )

    for url in (consultation.url, information.url, "/nl/"):
        html = visitor_sees(url)
        assert "Ingetrokken organisatie" not in html
        assert NEW_PHONE not in html


def test_translating_an_organisation_makes_a_draft_for_review(homes):
    organisation = OrganisationFactory(name="GGD", phone=OLD_PHONE)
    author = editor_client(EditorFactory())
    english_locale = Locale.objects.get(language_code="en")

    response = author.post(
        f"/admin/translation/submit/snippet/info/organisation/{organisation.pk}/",
        {"locales": [english_locale.pk]},
    )

    assert response.status_code == 302
    english = organisation.get_translation(english_locale)
    assert not english.live


def test_migration_publishes_existing_organisations_with_a_first_revision(db):
    organisation = Organisation.objects.create(
        name="Bestaande organisatie", summary="Bestond al.", phone=OLD_PHONE
    )
    assert organisation.latest_revision is None
    migration = importlib.import_module(
        "community.info.migrations.0005_organisations_published_with_a_revision"
    )

    migration.publish_existing_organisations(apps, None)

    organisation.refresh_from_db()
    assert organisation.live
    assert not organisation.has_unpublished_changes
    assert organisation.live_revision is not None
    assert organisation.latest_revision == organisation.live_revision
    assert organisation.live_revision.as_object().phone == OLD_PHONE
