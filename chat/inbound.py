"""Client frames (chat/PROTOCOL.md, "Client → server"): parsed and checked here, before
the consumer acts on them.

Anything a client can send — any size, any JSON, any types — ends as either a
`ClientFrame` with fields of the documented types or a `FrameError` with the
protocol's error code; nothing here raises anything else.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from chat.models import CLIENT_ID_MAX_LENGTH

FRAME_MAX_BYTES = 16 * 1024
# A seq or cursor a client may name: a JavaScript number stays exact up to 2**53.
_NUMBER_MAX = 2**53 - 1


class FrameError(Exception):
    """A frame the server cannot act on; answered with an error frame."""

    def __init__(self, code: str, message: str, *, frame_type: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.frame_type = frame_type


@dataclass(frozen=True)
class ClientFrame:
    type: str
    fields: dict[str, Any]


_MISSING = object()


def _number(value: Any, *, minimum: int) -> int:
    # bool is an int in Python; true is not a seq.
    if type(value) is not int or not minimum <= value <= _NUMBER_MAX:
        raise ValueError
    return value


def _cursor(value: Any) -> int:
    return _number(value, minimum=0)


def _seq(value: Any) -> int:
    return _number(value, minimum=1)


def _optional_seq(value: Any) -> int | None:
    return None if value is None or value is _MISSING else _seq(value)


def _optional_bool(value: Any) -> bool:
    if value is _MISSING or value is None:
        return False
    if type(value) is not bool:
        raise ValueError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError
    return value


def _client_id(value: Any) -> str:
    # Printable ASCII without spaces: a UUID, a counter, a timestamp all fit.
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= CLIENT_ID_MAX_LENGTH
        or not value.isascii()
        or not value.isprintable()
        or " " in value
    ):
        raise ValueError
    return value


# Per frame type, its fields and how each is read; a field absent from the frame is
# passed as _MISSING, which only the optional readers accept. Unknown extra fields are
# ignored, so that a newer client still talks to an older server.
_FIELDS: dict[str, dict[str, Any]] = {
    "sync": {"after": _cursor},
    "history": {"before": _seq},
    "send": {
        "client_id": _client_id,
        "body": _text,
        "reply_to": _optional_seq,
        "post_anyway": _optional_bool,
    },
    "edit": {"seq": _seq, "body": _text, "post_anyway": _optional_bool},
    "delete": {"seq": _seq},
    "read": {"seq": _cursor},
    "typing": {},
    "ping": {},
}

FRAME_TYPES = frozenset(_FIELDS)


def parse_client_frame(text: str | None = None, data: bytes | None = None) -> ClientFrame:
    """Read one WebSocket message (text, or bytes for a binary one) as a client frame."""
    if text is None:
        if data is not None and len(data) > FRAME_MAX_BYTES:
            raise FrameError("too_large", _("The frame is too large."))
        raise FrameError("bad_frame", _("Frames are JSON text."))
    # A character is at most four bytes: encode only when it could be too large.
    if len(text) > FRAME_MAX_BYTES or (
        len(text) * 4 > FRAME_MAX_BYTES and len(text.encode("utf-8", "replace")) > FRAME_MAX_BYTES
    ):
        raise FrameError("too_large", _("The frame is too large."))
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):
        raise FrameError("bad_frame", _("The frame is not valid JSON.")) from None
    if not isinstance(content, dict) or not isinstance(content.get("type"), str):
        raise FrameError("bad_frame", _("A frame is a JSON object with a type."))
    frame_type = content["type"]
    readers = _FIELDS.get(frame_type)
    if readers is None:
        raise FrameError("unknown_type", _("Unknown frame type."))
    fields = {}
    for name, read in readers.items():
        try:
            fields[name] = read(content.get(name, _MISSING))
        except ValueError:
            raise FrameError(
                "bad_frame",
                _("The field “%(field)s” is missing or has the wrong type.") % {"field": name},
                frame_type=frame_type,
            ) from None
    return ClientFrame(type=frame_type, fields=fields)
