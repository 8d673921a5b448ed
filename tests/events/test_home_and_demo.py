"""The public home panel (info_home_panels hook) and the demo meetups."""

from io import StringIO

from django.utils import timezone
from wagtail import hooks

from events import demo, services
from events.models import MeetupSeries, Visibility
from events.wagtail_hooks import HOME_PANELS_HOOK
from tests.events.conftest import fields
from tests.factories import SupportWorkerFactory


def _panel() -> str:
    return "".join(str(fn(None, None)) for fn in hooks.get_hooks(HOME_PANELS_HOOK))


def test_home_panel_lists_public_sessions_only(db):
    actor = SupportWorkerFactory()
    today = timezone.localdate()
    services.series_create(actor=actor, data=fields(title="Besloten kring", valid_from=today))
    services.series_create(
        actor=actor,
        data=fields(title="Open avond", valid_from=today, visibility=Visibility.PUBLIC),
    )
    html = _panel()
    assert "Open avond" in html
    assert "Besloten kring" not in html
    assert "meet.example.org" not in html
    assert "/meetups/session/" in html


def test_demo_is_idempotent(db):
    SupportWorkerFactory(username="demo-hulpverlener")
    out = StringIO()
    demo.seed(stdout=out)
    demo.seed(stdout=out)
    assert MeetupSeries.objects.count() == 3
    assert MeetupSeries.objects.filter(visibility=Visibility.PUBLIC).count() == 2
    assert all(series.sessions.exists() for series in MeetupSeries.objects.all())
    assert "3 new" in out.getvalue()
