"""The audit log moved from the moderation app to community.audit without losing a row."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from community.audit.models import AuditLog

# Just before the move the log still belonged to moderation, and the audit app was empty.
LAST_MODERATION_MIGRATION_WITH_THE_LOG = ("moderation", "0002_fill_sanction_cache")
BEFORE_THE_MOVE = [LAST_MODERATION_MIGRATION_WITH_THE_LOG, ("audit", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_the_move(transactional_db):
    """Roll back to the moderation app's audit log, and forward again afterwards."""
    executor = _migrate(BEFORE_THE_MOVE)
    yield executor.loader.project_state(LAST_MODERATION_MIGRATION_WITH_THE_LOG).apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_the_audit_log_keeps_its_table():
    assert AuditLog._meta.app_label == "audit"
    assert AuditLog._meta.db_table == "moderation_auditlog"


@pytest.mark.services
def test_entries_written_before_the_move_are_read_by_the_audit_app(before_the_move):
    old_audit_log = before_the_move.get_model("moderation", "AuditLog")
    old_entry = old_audit_log.objects.create(
        action="forum.post.hidden",
        target_label="forum.post #12",
        reason="doxxing",
        data={"reports": 3},
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    entry = AuditLog.objects.get(pk=old_entry.pk)
    assert entry.action == "forum.post.hidden"
    assert entry.target_label == "forum.post #12"
    assert entry.reason == "doxxing"
    assert entry.data == {"reports": 3}


@pytest.mark.services
def test_permissions_on_the_audit_log_follow_it_to_the_audit_app(before_the_move):
    old_types = before_the_move.get_model("contenttypes", "ContentType")
    old_type = old_types.objects.get(app_label="moderation", model="auditlog")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    ContentType.objects.clear_cache()
    new_type = ContentType.objects.get_for_model(AuditLog)
    assert new_type.pk == old_type.pk
    assert not ContentType.objects.filter(app_label="moderation", model="auditlog").exists()
