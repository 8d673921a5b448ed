from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Safety warnings among peers: enough to warn, not to identify."""

    name = "community.safety"
    label = "safety"
    verbose_name = _("Safety warnings")

    def ready(self) -> None:
        from django.urls import reverse

        from community.registries.content import register_content
        from community.registries.member_data import register_member_data
        from community.safety import policies, privacy, services
        from community.safety.areas import area_label
        from community.safety.models import SafetyWarning

        register_content(
            SafetyWarning,
            audit_label="safety.warning",
            author=lambda warning: warning.reporter,
            url=lambda warning: reverse("safety:detail", args=[warning.pk]),
            preview=services.warning_preview,
            purge=lambda warning, actor: services.warning_purge(warning=warning, actor=actor),
            edit=lambda warning, actor, text, reason: services.warning_edit_by_moderator(
                warning=warning, actor=actor, text=text, reason=reason
            ),
            text=services.warning_text,
            related=("reporter",),
            context=lambda warning: f"{warning.get_kind_display()} · {area_label(warning.area)}",
            visible_to=lambda warning, user: policies.can_read_warning(user, warning),
            on_state_changed=lambda warning, old, new: services.warning_state_changed(
                warning=warning, old=old, new=new
            ),
        )
        register_member_data(
            "safety",
            export=privacy.safety_member_export,
            erase=privacy.safety_member_erase,
            anonymise=privacy.safety_member_anonymise,
        )
