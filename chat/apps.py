from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from chat import policies, privacy, selectors, services
        from chat.models import Message
        from community.registries.content import register_content
        from community.registries.member_data import register_member_data

        register_content(
            Message,
            audit_label="chat.message",
            author=lambda message: message.author,
            url=selectors.message_url,
            preview=lambda message: message.body[:300],
            purge=lambda message, actor: services.message_purge(message=message, actor=actor),
            edit=lambda message, actor, text, reason: services.message_edit_by_moderator(
                message=message, actor=actor, text=text, reason=reason
            ),
            text=lambda message: message.body,
            related=("author", "room"),
            context=lambda message: message.room.name,
            # Reporting a message one cannot read answers like a missing id.
            visible_to=lambda message, user: policies.can_report_message(user, message),
            on_state_changed=lambda message, old, new: services.message_state_changed(
                message=message, old=old, new=new
            ),
        )
        register_member_data(
            "chat",
            export=privacy.chat_member_export,
            erase=privacy.chat_member_erase,
            anonymise=privacy.chat_member_anonymise,
        )
