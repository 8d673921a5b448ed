"""The audit log now belongs to the audit app (community.audit, migration 0001), which
keeps this app's table; here it only leaves Django's picture of the moderation models."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('moderation', '0002_fill_sanction_cache'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='AuditLog')],
            database_operations=[],
        ),
    ]
