import pytest

from tests.forum.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory()
