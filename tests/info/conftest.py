import pytest


@pytest.fixture
def homes(db):
    """{"nl": HomePage, "en": HomePage}: the site skeleton (idempotent)."""
    from community.info import services

    return services.site_tree_ensure()
