import pytest

from tests.forum.factories import CategoryFactory, TrustedMemberFactory


@pytest.fixture
def member(db):
    return TrustedMemberFactory()


@pytest.fixture
def other(db):
    return TrustedMemberFactory()


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
