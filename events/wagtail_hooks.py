"""The public home page's "upcoming public sessions" panel, through community.info's
`info_home_panels` hook (community never imports events)."""

from django.template.loader import render_to_string
from wagtail import hooks

from events import selectors

HOME_PANELS_HOOK = "info_home_panels"


@hooks.register(HOME_PANELS_HOOK)
def upcoming_public_sessions(request, locale) -> str:
    """Publicly listed series' next sessions. The same for every visitor (public pages
    are cached): no RSVP state here; joining happens on the session page, for members."""
    sessions = selectors.sessions_public_upcoming(limit=5)
    return render_to_string("events/home_panel.html", {"sessions": sessions})
