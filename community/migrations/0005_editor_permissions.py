"""The "editor" role (municipality communications staff) gets what a Wagtail editor
needs: the admin itself, add/edit/publish on the whole page tree, and images and
documents in the root collection. Other roles get no Wagtail access."""

from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}


def _ensure_permissions(apps):
    # Permissions are normally created after all migrations (post_migrate); on a fresh
    # database they do not exist yet at this point.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    editor, _created = Group.objects.get_or_create(name="editor")
    editor.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editor,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=editor,
                    collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    editor = Group.objects.filter(name="editor").first()
    if editor is None:
        return
    editor.permissions.clear()
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group=editor).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group=editor).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_invitations_decisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
