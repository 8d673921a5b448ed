"""Issue a one-time enrolment code from the server, e.g. for the very first administrator.

Afterwards, verified superusers issue codes at /account/2fa/enrolment-code/.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from community.twofactor import selectors, services


class Command(BaseCommand):
    help = (
        "Print a one-time enrolment code (valid 72 hours) with which the account sets up "
        "a new second factor. Earlier codes of the account stop working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pseudonym", help="The account's pseudonym.")

    def handle(self, *args, pseudonym: str, **options) -> None:
        account = selectors.account_by_pseudonym(pseudonym=pseudonym)
        if account is None:
            raise CommandError("No account has this pseudonym.")
        code = services.enrolment_code_issue(actor=None, user=account)
        hours = int(services.ENROLMENT_CODE_VALID_FOR.total_seconds() // 3600)
        self.stdout.write(
            f"Enrolment code for {account.username} (works once, within {hours} hours): {code}\n"
            "They log in, open /account/2fa/setup/ and type it with their new app's code.\n"
        )
