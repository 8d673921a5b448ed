"""Moderators manage chat rooms in the Wagtail admin, so their group may open it.

What they may do there is decided by chat.wagtail_hooks.RoomPermissionPolicy (rooms
only, in a verified session); the admin shows them nothing else, since the group has
no page, image, document or other model permissions."""

from django.db import migrations

MODERATOR_GROUP = "moderator"


def _access_admin(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    moderators, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    moderators.permissions.add(_access_admin(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    moderators = Group.objects.filter(name=MODERATOR_GROUP).first()
    if moderators is not None:
        moderators.permissions.remove(_access_admin(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0001_initial"),
        ("community", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
