"""Demo help desk: demo-hulpverlener answers for the Sociaal Plein, which promises an
answer within 2 working days. Runs after the accounts and the information pages'
demo (INSTALLED_APPS order); does nothing when the demo has no such organisation."""

from typing import TextIO

from community.helpdesk.models import SupportWorkerMembership
from community.info.organisations import Organisation
from community.models import User

DEMO_WORKER = "demo-hulpverlener"
DEMO_ORGANISATION_KEY = "Sociaal Plein"
PROMISES = {
    "nl": "Een medewerker antwoordt binnen 2 werkdagen.",
    "en": "A person answers within 2 working days.",
}


def seed(*, stdout: TextIO) -> None:
    worker = User.objects.filter(username=DEMO_WORKER).first()
    rows = list(Organisation.objects.filter(name__startswith=DEMO_ORGANISATION_KEY))
    if worker is None or not rows:
        return
    for organisation in rows:
        promise = PROMISES.get(organisation.locale.language_code, "")
        if promise and organisation.response_promise != promise:
            organisation.response_promise = promise
            organisation.save_revision().publish()
    default = next((o for o in rows if o.locale.language_code == "nl"), rows[0])
    SupportWorkerMembership.objects.get_or_create(organisation=default, worker=worker)
    stdout.write(f"Help desk: {DEMO_WORKER} answers for {default.name} (queue at /help/staff/).\n")
