"""Builders for help-desk tests: organisations with support workers, requests."""

from typing import Any

from community.helpdesk import services
from community.helpdesk.models import HelpRequest, SupportWorkerMembership, Topic
from community.info.models import Topic as InfoTopic
from community.info.organisations import Organisation
from tests.factories import SupportWorkerFactory
from tests.info.factories import OrganisationFactory


def organisation_create(*, name: str, topics: list[str] = (), promise: str = "") -> Organisation:
    for code in topics:
        InfoTopic.objects.get_or_create(code=code)
    return OrganisationFactory(name=name, live=True, response_promise=promise, topics=list(topics))


def worker_for(organisation: Organisation, **kwargs: Any):
    """A support worker (verified session) who answers for `organisation`."""
    worker = SupportWorkerFactory(**kwargs)
    SupportWorkerMembership.objects.create(organisation=organisation, worker=worker)
    return worker


def request_open(member, organisation: Organisation, **kwargs: Any) -> HelpRequest:
    values = {
        "subject": "Vraag over TONK",
        "text": "Kan ik TONK nog terugbetalen in delen?",
        "topic": Topic.MONEY,
        "organisation_id": organisation.pk,
    }
    values.update(kwargs)
    return services.request_open(actor=member, **values)
