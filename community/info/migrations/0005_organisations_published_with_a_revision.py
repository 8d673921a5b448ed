"""Organisations go through the "Two-editor review", like pages.

What readers see does not change: every existing organisation becomes live with a
first revision (the published version later drafts are compared with and rolled back
to). The workflow is assigned to the organisation snippet, and the editor group gets
lock/unlock on organisations but never publish.

The revision content is built from the historical model with modelcluster's own
serialiser, the format `Revision.as_object()` reads back.
"""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

from community.info import services

PUBLISHED_FIELDS = [
    "latest_revision",
    "live_revision",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
]


def _content(organisation) -> dict:
    content = get_serializable_data_for_fields(organisation)
    for name in ("topics", "languages"):
        content[name] = list(getattr(organisation, name).values_list("pk", flat=True))
    return content


def publish_existing_organisations(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Organisation = apps.get_model("info", "Organisation")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type, _ = ContentType.objects.get_or_create(app_label="info", model="organisation")
    now = timezone.now()
    for organisation in Organisation.objects.filter(latest_revision__isnull=True):
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(organisation.pk),
            content=_content(organisation),
            object_str=organisation.name,
            created_at=now,
        )
        organisation.latest_revision = revision
        organisation.live_revision = revision
        organisation.live = True
        organisation.has_unpublished_changes = False
        organisation.first_published_at = organisation.first_published_at or now
        organisation.last_published_at = now
        organisation.save(update_fields=PUBLISHED_FIELDS)
    services.editor_permissions_ensure(apps=apps)
    services.editor_workflow_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("info", "0004_organisation_drafts_and_review"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Reversing keeps the revisions: 0004's reversal drops the columns that use them.
    operations = [migrations.RunPython(publish_existing_organisations, migrations.RunPython.noop)]
