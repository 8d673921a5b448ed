import pytest

pytestmark = pytest.mark.e2e


def test_health_page_is_served_by_live_daphne(page):
    response = page.goto("/health/")

    assert response.status == 200
    assert '"database": true' in page.content()
