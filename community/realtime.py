"""Close the open connections of a session that ends (logout, quick exit, account deletion).

Every WebSocket consumer joins `session_group_name(session key)`. The name is a keyed
hash, not the key itself: the channel layer (Redis) must never hold something that
works as a session cookie. A member who signs out or presses quick exit on one device
must not leave a chat open on the screen, still receiving messages; other devices'
sessions are not touched.
"""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.crypto import salted_hmac

SESSION_ENDED = "session.ended"

logger = logging.getLogger(__name__)


def session_group_name(session_key: str) -> str:
    """The channel-layer group of one session's open connections."""
    digest = salted_hmac("kring.realtime.session-group", session_key, algorithm="sha256")
    return f"session-{digest.hexdigest()[:40]}"


def broadcast_session_ended(*, session_key: str | None) -> None:
    """Tell the session's open connections to close now (they close with 4001).

    Sent at once, not after commit: the session ends with the request whatever the
    database does, and a socket that outlived its session would keep talking to a
    signed-out device."""
    if not session_key:
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(session_group_name(session_key), {"type": SESSION_ENDED})
    except Exception:
        # Quick exit must work even when the channel layer is down; open sockets then
        # stay until they reconnect, which the ended session refuses.
        logger.exception("Could not tell a session's open connections that it ended.")


@receiver(user_logged_out, dispatch_uid="community.realtime.session_ended")
def close_connections_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """`logout()` sends this signal before it flushes the session, so the key is still
    the one the sockets were opened with. Quick exit, the logout page and account
    deletion all call `logout()`."""
    session = getattr(request, "session", None)
    broadcast_session_ended(session_key=getattr(session, "session_key", None))
