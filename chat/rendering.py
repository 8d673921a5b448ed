"""A room's messages as HTML, rendered by one Jinja2 fragment (chat/jinja2/chat/
_messages.html) from the same message objects the socket sends (chat/PROTOCOL.md).

The room page shows its latest messages before the socket opens, so a member on a bad
connection reads history at once; chat.js then keeps the list up to date with the
same markup (its `messageElement` builds what the fragment writes). What the fragment
puts in as HTML is only the server's sanitised `html`; names and excerpts are text.
"""

from datetime import datetime, tzinfo
from functools import partial
from typing import Any

from django.template import engines
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from markupsafe import Markup

from community.privacy.selectors import is_former_member


class Author:
    """A message's author as the member-name macro reads it (`username`)."""

    __slots__ = ("id", "username")

    def __init__(self, data: dict[str, Any] | None) -> None:
        # A former member's messages come with no id (chat.frames.author_payload).
        self.id = (data or {}).get("id")
        self.username = ((data or {}).get("name") or "") if self.id else ""


def message_body(item: dict[str, Any]) -> Markup:
    """The one place a chat message's text enters the page as HTML: `html` is the
    stored output of the one sanitiser (community.text.render_markdown), handed over
    by chat.frames.message_payload. Nothing else about a message is Markup."""
    return Markup(item.get("html") or "")  # noqa: S704 - see above


def _moment(value: str | None, *, zone: tzinfo) -> tuple[str, str]:
    if not value:
        return "", ""
    when = datetime.fromisoformat(value).astimezone(zone)
    return when.isoformat(timespec="seconds"), when.strftime("%d-%m %H:%M")


def strings() -> dict[str, str]:
    """Labels the fragment and chat.js share (chat.js gets them as a data attribute)."""
    return {
        "reply": gettext("Reply"),
        "edit": gettext("Edit"),
        "delete": gettext("Delete"),
        "report": gettext("Report"),
        "moderate": gettext("Moderate"),
        "edited": gettext("edited"),
        "deleted": gettext("This message was deleted."),
        "blocked": gettext("Message from a member you blocked"),
        "former": gettext("former member"),
        "replying_to": gettext("In reply to"),
        "reply_deleted": gettext("a message that is no longer there"),
        "held": gettext("Waiting for a moderator: only you and the moderators see this message."),
        "hidden_own": gettext("Hidden by a moderator. Only you and the moderators see it."),
        "badge_support": gettext("support worker"),
        "badge_moderator": pgettext("badge", "moderator"),
    }


def render_messages(
    *,
    items: list[dict[str, Any]],
    blocked_ids: set[int],
    report_url: str,
    request: Any,
) -> Markup:
    """`report_url` has `0` where the message's number goes (see chat.views)."""
    labels = strings()
    head, _mark, tail = report_url.rpartition("/0/")
    html = (
        engines["jinja2"]
        .get_template("chat/_messages.html")
        .render(
            {
                "items": items,
                "t": labels,
                "blocked_ids": blocked_ids,
                "author": Author,
                "message_body": message_body,
                "report_url": lambda seq: f"{head}/{seq}/{tail}",
                "viewer_id": getattr(request.user, "pk", None),
                "moment": partial(_moment, zone=timezone.get_current_timezone()),
                "is_former_member": is_former_member,
            },
            request=request,
        )
    )
    # The output of an autoescaping template: everything in it was escaped there.
    return Markup(html)  # noqa: S704
