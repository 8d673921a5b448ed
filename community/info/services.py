"""Writes for the public information pages: the site skeleton and the editors' setup.

The `*_ensure` functions are idempotent. The data migrations call those that take an
`apps` registry with its historical models; the demo seeding and the tests call them
with the real ones (a transactional test flushes what migrations created). The return
types name the real models; under a migration's registry the objects are their
historical stand-ins, with the same fields.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Locale, Page, Site, Workflow

from community.info.models import HomePage
from community.info.organisations import SPOKEN_LANGUAGE_CODES, HelpTopic
from community.roles import Role

LANGUAGE_CODES = ("nl", "en")
WORKFLOW_NAME = "Two-editor review"
TASK_NAME = "Review by a second editor"
# Snippet models (info app) whose changes go through the same review as pages.
REVIEWED_SNIPPETS = ("organisation",)

# What the "editor" group may do. Deliberately no publish_page and no
# publish_organisation: an editor's change is published when a *second* editor
# approves it in the workflow (see review.SecondEditorApprovalTask), so nobody can
# publish alone.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page", "unlock_page")
EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("info", "organisation", "add_organisation", "Can add organisation"),
    ("info", "organisation", "change_organisation", "Can change organisation"),
    ("info", "organisation", "delete_organisation", "Can delete organisation"),
    ("info", "organisation", "lock_organisation", "Can lock organisation"),
    ("info", "organisation", "unlock_organisation", "Can unlock organisation"),
    (
        "simple_translation",
        "simpletranslation",
        "submit_translation",
        "Can submit translations",
    ),
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", "document", ("add_document", "change_document", "choose_document")),
)


def _permission(
    *, apps: Apps, app_label: str, model: str, codename: str, name: str = ""
) -> Permission:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return permission


def lookups_ensure(*, apps: Apps = global_apps) -> None:
    """The fixed rows of help topics and spoken languages."""
    Topic = apps.get_model("info", "Topic")
    SpokenLanguage = apps.get_model("info", "SpokenLanguage")
    for code in HelpTopic.values:
        Topic.objects.get_or_create(code=code)
    for code in SPOKEN_LANGUAGE_CODES:
        SpokenLanguage.objects.get_or_create(code=code)


def locales_ensure(*, apps: Apps = global_apps) -> dict[str, Locale]:
    Locale = apps.get_model("wagtailcore", "Locale")
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGE_CODES}


def editor_permissions_ensure(*, apps: Apps = global_apps) -> Group:
    """Give the "editor" group what it needs in the Wagtail admin (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=Role.EDITOR.value)
    for app_label, model, codename, name in EDITOR_MODEL_PERMISSIONS:
        group.permissions.add(
            _permission(apps=apps, app_label=app_label, model=model, codename=codename, name=name)
        )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=_permission(
                    apps=apps, app_label="wagtailcore", model="page", codename=codename
                ),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in EDITOR_COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(
                        apps=apps, app_label=app_label, model=model, codename=codename
                    ),
                )
    editor_publish_withdraw(apps=apps)
    return group


def editor_publish_withdraw(*, apps: Apps = global_apps) -> None:
    """Editors never publish directly; approval in the review workflow publishes."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=Role.EDITOR.value,
        permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).delete()
    for group in Group.objects.filter(name=Role.EDITOR.value):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="info", codename__startswith="publish_"
            )
        )


def editor_workflow_ensure(*, apps: Apps = global_apps) -> Workflow:
    """The "Two-editor review" workflow, for the whole page tree and the organisations."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ReviewTask = apps.get_model("info", "SecondEditorApprovalTask")

    group, _ = Group.objects.get_or_create(name=Role.EDITOR.value)
    task = ReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="info", model="secondeditorapprovaltask"
        )
        task = ReviewTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    for model in REVIEWED_SNIPPETS:
        content_type, _ = ContentType.objects.get_or_create(app_label="info", model=model)
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow


@transaction.atomic
def site_tree_ensure() -> dict[str, HomePage]:
    """A root, a Dutch home page as the default site's root, and its English translation.

    Replaces Wagtail's placeholder "Welcome" page. Returns {"nl": home, "en": home}.
    """
    lookups_ensure()
    locales = locales_ensure()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locales["nl"]))
    home = HomePage.objects.filter(locale=locales["nl"], depth=2).first()
    if home is None:
        for placeholder in root.get_children().filter(
            content_type__app_label="wagtailcore", content_type__model="page", numchild=0
        ):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="Kring", slug="home", locale=locales["nl"], live=True)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Kring"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    english = home.get_translation_or_none(locales["en"])
    if english is None:
        english = home.copy_for_translation(locales["en"])
        english.save_revision().publish()
    english.refresh_from_db()
    editor_permissions_ensure()
    editor_workflow_ensure()
    return {"nl": home, "en": english.specific}
