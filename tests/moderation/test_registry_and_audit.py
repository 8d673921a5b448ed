import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.test import RequestFactory

from community.audit.models import AuditLog
from community.audit.services import audit_record
from community.registries.content import NotRegistered, adapter_for, is_registered
from tests.factories import SuperuserFactory, UserFactory


def test_forum_posts_and_members_are_registered_for_moderation():
    from community.models import User
    from forum.models import Post

    assert adapter_for(Post).audit_label == "forum.post"
    assert adapter_for(Post).is_moderatable
    assert adapter_for(User).audit_label == "community.member"
    assert not adapter_for(User).is_moderatable


def test_when_a_model_is_not_registered_then_adapter_for_says_so():
    assert not is_registered(AuditLog)
    with pytest.raises(NotRegistered):
        adapter_for(AuditLog)


def test_audit_record_keeps_actor_action_target_label_and_reason(moderator, make_post):
    post = make_post()

    entry = audit_record(actor=moderator, action="forum.post.hidden", target=post, reason="doxx")

    entry.refresh_from_db()
    assert entry.actor == moderator
    assert entry.action == "forum.post.hidden"
    assert entry.target_object_id == str(post.pk)
    assert entry.target_content_type.model == "post"
    assert entry.target_label == f"forum.post #{post.pk}"
    assert post.body not in entry.target_label
    assert entry.reason == "doxx"
    assert entry.created_at is not None


def test_audit_log_cannot_be_changed_or_deleted_through_the_app(moderator):
    entry = audit_record(actor=moderator, action="moderation.test.done")

    entry.reason = "rewritten history"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditLog.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionDenied):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get(pk=entry.pk).reason == ""


def test_django_admin_shows_the_audit_log_read_only(db):
    superuser = SuperuserFactory()
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = admin.site._registry[AuditLog]

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_when_an_actor_deletes_their_account_the_audit_entry_stays_with_ids_only(db):
    from community.privacy.services import member_delete

    actor = UserFactory()
    target = UserFactory()
    entry = audit_record(actor=actor, action="moderation.report.created", target=target)

    member_delete(member=actor, keep_content=False)

    entry = AuditLog.objects.get(pk=entry.pk)
    assert entry.actor is None
    assert entry.target_object_id == str(target.pk)


def test_moderatable_is_abstract_and_has_the_shared_fields():
    from community.moderation.models import Moderatable

    assert Moderatable._meta.abstract
    names = {f.name for f in Moderatable._meta.fields}
    assert {"moderation_state", "moderation_reason", "hidden_at"} <= names
    state = Moderatable._meta.get_field("moderation_state")
    assert isinstance(state, models.CharField)
    assert state.default == "visible"
