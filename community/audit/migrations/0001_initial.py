"""The audit log moves here from the moderation app: same table, same rows.

Only Django's picture of the models changes (SeparateDatabaseAndState): the table keeps
its name (`moderation_auditlog`, set as db_table) and nothing is copied. The content
type is renamed rather than recreated, so permissions granted on the audit log keep
pointing at it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_to_audit(apps, schema_editor):
    _rename_content_type(apps, schema_editor, old="moderation", new="audit")


def content_type_to_moderation(apps, schema_editor):
    _rename_content_type(apps, schema_editor, old="audit", new="moderation")


def _rename_content_type(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if types.filter(app_label=new, model="auditlog").exists():
        return
    types.filter(app_label=old, model="auditlog").update(app_label=new)
    ContentType.objects.clear_cache()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('moderation', '0002_fill_sanction_cache'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='time')),
                        ('action', models.CharField(db_index=True, max_length=100, verbose_name='action')),
                        ('target_object_id', models.CharField(blank=True, db_index=True, max_length=64)),
                        ('target_label', models.CharField(blank=True, max_length=200, verbose_name='target')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('target_content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'audit log entry',
                        'verbose_name_plural': 'audit log',
                        'db_table': 'moderation_auditlog',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_audit, content_type_to_moderation),
    ]
