from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Moderation primitives shared by forum, chat, meetups and safety alerts."""

    name = "community.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        # Members themselves can be reported (not held or hidden: they are not content).
        from django.contrib.auth import get_user_model
        from django.core.exceptions import ValidationError
        from django.urls import reverse

        from community.moderation.privacy import (
            moderation_member_anonymise,
            moderation_member_erase,
            moderation_member_export,
        )
        from community.registries.content import register_content
        from community.registries.member_data import register_member_data

        def refuse_purge(member, actor) -> None:
            raise ValidationError(_("Members are not purged here; use account deletion."))

        register_content(
            get_user_model(),
            audit_label="community.member",
            author=lambda member: member,
            url=lambda member: reverse("moderation:member_detail", args=[member.pk]),
            preview=lambda member: member.username,
            purge=refuse_purge,
        )
        register_member_data(
            "moderation",
            export=moderation_member_export,
            erase=moderation_member_erase,
            anonymise=moderation_member_anonymise,
        )
