import pytest

from tests.helpdesk.factories import organisation_create, request_open, worker_for


@pytest.fixture
def sociaal_plein(db):
    return organisation_create(
        name="Sociaal Plein Hilversum",
        topics=["money", "housing"],
        promise="Een medewerker antwoordt binnen 2 werkdagen.",
    )


@pytest.fixture
def ggd(db):
    return organisation_create(name="GGD", topics=["health"])


@pytest.fixture
def worker(sociaal_plein):
    """A support worker of the Sociaal Plein (verified session in service calls)."""
    return worker_for(sociaal_plein)


@pytest.fixture
def ggd_worker(ggd):
    return worker_for(ggd)


@pytest.fixture
def help_request(member, sociaal_plein, worker):
    return request_open(member, sociaal_plein)
