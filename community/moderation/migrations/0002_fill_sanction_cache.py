"""Fill the accounts' cached sanction state (User.suspended_until / silenced_until)
from the sanctions in force when this runs."""

import datetime

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

FOREVER = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)


def fill(apps, schema_editor):
    Sanction = apps.get_model("moderation", "Sanction")
    User = apps.get_model("community", "User")
    now = timezone.now()
    active = Sanction.objects.filter(revoked_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    until: dict[int, dict[str, datetime.datetime]] = {}
    for sanction in active.filter(kind__in=["silence", "suspension", "ban"]):
        field = "silenced_until" if sanction.kind == "silence" else "suspended_until"
        end = sanction.ends_at or FOREVER
        current = until.setdefault(sanction.member_id, {}).get(field)
        if current is None or end > current:
            until[sanction.member_id][field] = end
    for member_id, fields in until.items():
        User.objects.filter(pk=member_id).update(**fields)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("community", "0006_sanction_cache"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
