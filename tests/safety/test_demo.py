import io

import pytest

from community.accounts import demo as accounts_demo
from community.safety import demo
from community.safety.models import SafetyWarning

pytestmark = pytest.mark.django_db


def test_demo_warnings_are_seeded_once_redacted_and_one_waits_for_a_moderator():
    accounts_demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())

    assert SafetyWarning.objects.count() == 3
    assert SafetyWarning.objects.filter(published_at__isnull=False).count() == 2
    assert SafetyWarning.objects.filter(moderation_state=SafetyWarning.HELD).count() == 1
    assert not SafetyWarning.objects.filter(what_happened__contains="1 2 3 4").exists()
