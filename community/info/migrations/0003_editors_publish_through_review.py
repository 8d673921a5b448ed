"""Editors publish only through the "Two-editor review" workflow.

community 0005 gives the editor group publish_page on the whole tree; with it, one
editor could publish alone and skip the second editor's review (issue #3: draft ->
review by a second editor -> publish). The review task's approval publishes instead
(settings.WAGTAIL_FINISH_WORKFLOW_ACTION), so the group keeps add/change only.
"""

from django.db import migrations

from community.info import services


def withdraw_publish(apps, schema_editor):
    services.editor_publish_withdraw(apps=apps)


def restore_publish(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editor = Group.objects.filter(name="editor").first()
    root = Page.objects.filter(depth=1).first()
    permission = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if editor and root and permission:
        GroupPagePermission.objects.get_or_create(group=editor, page=root, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("info", "0002_site_and_editors"),
        ("community", "0005_editor_permissions"),
    ]

    operations = [migrations.RunPython(withdraw_publish, restore_publish)]
