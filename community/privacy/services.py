"""Leaving Kring: a member's data export and account deletion.

Deletion is one transaction: every registered app first erases or anonymises what the
member wrote (their choice), then sessions and audit-style references that Django would
not cascade are cleared, then the account row is deleted (on_delete=CASCADE removes the
rest: blocks, 2FA devices, e-mail addresses, group memberships).
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone
from django_otp import devices_for_user

from community.models import Block, Invitation, MembershipDecision
from community.privacy.constants import FORMER_MEMBER_USERNAME
from community.registries.member_data import member_data_sources


def former_member() -> Any:
    """The one shared account that keeps content of members who chose to leave it.

    Created on demand; it cannot log in (unusable password, inactive), is not approved
    (so no permission check lets it act) and belongs to no group.
    """
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=FORMER_MEMBER_USERNAME,
        defaults={"status": user_model.Status.REJECTED, "is_active": False, "email": ""},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _account_export(member: Any) -> dict[str, Any]:
    return {
        "pseudonym": member.username,
        "email": member.email,
        "status": member.status,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "is_active": member.is_active,
        "roles": sorted(member.groups.values_list("name", flat=True)),
        "two_factor_devices": [
            {"type": type(device).__name__, "name": device.name, "confirmed": device.confirmed}
            for device in devices_for_user(member, confirmed=None)
        ],
    }


def member_data_export(*, member: Any) -> dict[str, Any]:
    """Everything Kring holds about `member`, as JSON-serialisable data.

    Blocks the member made are included; blocks others made against them are not
    (a blocked member is never told). Each registered app adds its own key.
    """
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "account": _account_export(member),
        "blocks": [
            {"blocked": block.blocked.username, "created_at": block.created_at}
            for block in Block.objects.filter(blocker=member).select_related("blocked")
        ],
    }
    data["invitations"] = [
        {
            "code": invitation.display_code,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "used": invitation.is_used,
        }
        for invitation in Invitation.objects.filter(created_by=member)
    ]
    # Who decided is left out: it names another member (a moderator). So is the
    # reason: moderators write it for each other ("only moderators see it").
    data["membership_decisions"] = [
        {"decision": decision.decision, "at": decision.created_at}
        for decision in MembershipDecision.objects.filter(member=member)
    ]
    for source in member_data_sources():
        data[source.name] = source.export(member)
    return data


def _member_sessions_delete(member: Any) -> None:
    """Sessions keep the member's id inside their encoded data, not as a foreign key."""
    member_id = str(member.pk)
    stale = [
        session.session_key
        for session in Session.objects.iterator()
        if str(session.get_decoded().get("_auth_user_id")) == member_id
    ]
    Session.objects.filter(session_key__in=stale).delete()


def _uncascaded_references_clear(member: Any) -> None:
    """Foreign keys to the user that the database does not cascade (Wagtail's log
    entries use DO_NOTHING without a constraint): null them, or delete the rows."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (
                isinstance(field, models.ForeignKey)
                and field.remote_field.model is user_model
                and field.remote_field.on_delete is models.DO_NOTHING
            ):
                continue
            rows = model._base_manager.filter(**{field.name: member})
            if field.null:
                rows.update(**{field.name: None})
            else:
                rows.delete()


@transaction.atomic
def member_delete(*, member: Any, keep_content: bool) -> None:
    """Delete `member`'s account and every row that identifies them.

    keep_content=True keeps what they wrote, shown as "former member"; False erases it.
    """
    if keep_content:
        replacement = former_member()
        for source in member_data_sources():
            source.anonymise(member, replacement)
    else:
        for source in member_data_sources():
            source.erase(member)
    _member_sessions_delete(member)
    _uncascaded_references_clear(member)
    member.delete()
