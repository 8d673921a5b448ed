from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from community.registries.content import register_content
        from community.registries.member_data import register_member_data
        from events import policies, privacy, services
        from events.models import MeetupSeries

        # A member's proposal is held in the one review queue; approving it there
        # activates the series and generates its sessions (series_state_changed).
        register_content(
            MeetupSeries,
            audit_label="events.series",
            author=lambda series: series.proposed_by,
            url=lambda series: series.get_absolute_url(),
            preview=lambda series: f"{series.title}\n\n{series.description}"[:300],
            purge=services.series_purge,
            text=lambda series: series.description,
            related=("proposed_by",),
            context=lambda series: series.title,
            visible_to=lambda series, user: policies.may_see_series(user, series),
            on_state_changed=services.series_state_changed,
        )
        register_member_data(
            "events",
            export=privacy.events_member_export,
            erase=privacy.events_member_erase,
            anonymise=privacy.events_member_anonymise,
        )
