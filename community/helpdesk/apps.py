from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    """The help desk: a member's personal line to a support worker of an organisation."""

    name = "community.helpdesk"
    label = "helpdesk"
    verbose_name = _("Help desk")

    def ready(self) -> None:
        from django.urls import reverse

        from community.helpdesk import policies, privacy, services
        from community.helpdesk.models import HelpMessage
        from community.registries.content import register_content
        from community.registries.member_data import register_member_data

        # A member may report a support worker's answer; only then does a moderator
        # read it (that one message, in the review queue). Nothing of the help desk is
        # ever held for review: moderators must not read along.
        register_content(
            HelpMessage,
            audit_label="helpdesk.message",
            author=lambda message: message.author,
            url=lambda message: reverse("helpdesk:request", args=[message.request_id]),
            preview=lambda message: message.text,
            purge=lambda message, actor: services.message_purge(message=message, actor=actor),
            related=("author",),
            visible_to=lambda message, user: policies.can_report_message(user, message),
        )
        register_member_data(
            "helpdesk",
            export=privacy.helpdesk_member_export,
            erase=privacy.helpdesk_member_erase,
            anonymise=privacy.helpdesk_member_anonymise,
        )
