"""No client address in daphne's output, however daphne is started.

daphne prints an access-log line with the client's address for every request and
WebSocket event (to stdout unless started with `--access-log /dev/null`), and Twisted's
own request log names it too; no logging setting reaches either, since they do not
go through Python's logging by name. config.asgi calls `silence_daphne_access_log()`
when daphne imports the application, before daphne builds its server, so the
Procfile, `make run` and a plain `daphne config.asgi:application` all keep quiet.
daphne's debug lines, which also name the client, are held back in settings.LOGGING,
and `RedactAddresses` on every log handler turns any address left into `[address]`.
"""

import logging
import re
from typing import Any

from daphne.http_protocol import HTTPFactory
from daphne.server import Server


def _no_access_log(self: Any, *args: Any, **kwargs: Any) -> None:
    """Kring keeps no access log: every line of it would carry a client address."""


def silence_daphne_access_log() -> None:
    Server.log_action = _no_access_log
    HTTPFactory.log = _no_access_log


_IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
_HEX = r"[0-9A-Fa-f]{1,4}"
_IPV6 = (
    rf"(?<![\w:])(?:(?:{_HEX}:){{7}}{_HEX}"  # full form
    rf"|(?:{_HEX}:){{1,7}}:(?:{_HEX}(?::{_HEX}){{0,6}})?"  # with "::" after a group
    rf"|::(?:{_HEX}(?::{_HEX}){{0,6}})?)(?![\w:])"  # starting with "::"
)
_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")


class RedactAddresses(logging.Filter):
    """The safety net on every log handler: an IP address in a log message becomes
    `[address]`. Twisted's events reach Python's logging when daphne runs with -v 2 or
    more, and some name the peer ("dropping connection to peer tcp4:…")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _ADDRESS.sub("[address]", message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
