"""Notifications about another member (mention, quote, reply) stored that member's
pseudonym in their text. The text is now rendered from the actor row when shown, so
the stored copies go: a member who deleted their account is no longer named."""

from django.db import migrations

ACTOR_KINDS = ["mention", "quote", "reply"]


def forget_stored_names(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Notification.objects.filter(kind__in=ACTOR_KINDS).exclude(text="").update(text="")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(forget_stored_names, migrations.RunPython.noop)]
