"""The chat socket: /ws/chat/<slug>/, one per open room (chat/PROTOCOL.md).

Thin, like a view: it checks who may connect before accepting, parses frames
(chat.inbound), calls chat's services and selectors through database_sync_to_async,
and turns their answers and refusals into frames. Room events reach it through the
process's relay (chat.fanout); events about the member (a sanction, a room ban, the
session ending) through its own channel, as the groups below.

Nothing here logs or keeps the client's address (scope["client"]) or user agent.
"""

import asyncio
import logging
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chat import selectors, services
from chat.errors import ChatError
from chat.fanout import RoomRelay, relay_for_this_process
from chat.frames import message_payload, room_payload
from chat.inbound import ClientFrame, FrameError, parse_client_frame
from chat.models import Room
from chat.realtime import encode_frame, room_frame_event, room_group_name
from community.moderation.realtime import member_group_name
from community.policies import member_may_enter
from community.realtime import session_group_name
from community.twofactor.selectors import session_verified_device

logger = logging.getLogger(__name__)

# Close codes (PROTOCOL.md, "Close codes").
CLOSE_SESSION_ENDED = 4001
CLOSE_NOT_ALLOWED = 4003
CLOSE_SANCTIONED = 4008
CLOSE_TOO_MANY_INVALID = 4029

SYNC_LIMIT = 200
HISTORY_LIMIT = 50
# A socket sends at most this many frames per second on average, in bursts of up to
# FRAME_BURST; more get `rate_limited`. Sending messages has its own, stricter limit
# (the service's, per member).
FRAME_RATE = 10.0
FRAME_BURST = 30
# This many invalid frames within INVALID_WINDOW seconds close the socket (4029).
INVALID_LIMIT = 10
INVALID_WINDOW = 60.0
# A member's typing notice goes out at most once per this many seconds per socket.
TYPING_INTERVAL = 3.0
# A mute or silence ending is shown without waiting for another event; timers further
# ahead than this are not kept (the member reconnects before then anyway).
REFRESH_HORIZON = 24 * 60 * 60.0
# Sanction kinds that end the member's use of the community (community.moderation).
EXCLUDING_SANCTIONS = frozenset({"suspension", "ban"})
SANCTION_SILENCE = "silence"


@dataclass(frozen=True)
class Admission:
    room: Room
    room_payload: dict[str, Any]


def _language(scope: dict[str, Any]) -> str:
    """The member's language, as Django's LocaleMiddleware would choose it for a
    page without a language prefix: the language cookie, then Accept-Language."""
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    for name, value in scope.get("headers") or ():
        if name == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin-1")
    return translation.get_language_from_request(request, check_path=False)


def _verify_session(*, user: Any, session: Any) -> None:
    """Staff roles count only in a session verified with a second factor
    (community.policies). OTPMiddleware does this for pages; for a socket the
    verification is read from the session the socket was opened with."""
    device = session_verified_device(session=session, user=user)
    user.otp_device = device
    user.is_verified = lambda: device is not None


def _admit(*, user: Any, session: Any, slug: str) -> Admission | None:
    """The handshake's checks: the account, the session, the room. None: refuse."""
    if not member_may_enter(user):
        return None
    # The session may have ended (logout, quick exit) since the middleware read it.
    if session is None or not session.session_key or not session.exists(session.session_key):
        return None
    _verify_session(user=user, session=session)
    room = selectors.room_for_member(member=user, slug=slug)
    if room is None:
        return None
    try:
        membership = services.room_join(member=user, room=room)
    except ChatError:
        return None
    return Admission(room=room, room_payload=room_payload(room, user=user, membership=membership))


class NoLongerAllowed(Exception):
    """The member may no longer read the room (the socket closes with 4003)."""


def _actor_refresh(user: Any) -> None:
    """Re-read the account's sanction state before a write: a socket lives for hours,
    and a suspension or silence whose event did not arrive must still count."""
    user.refresh_from_db(fields=["status", "is_active", "suspended_until", "silenced_until"])


def _writer_and_room(user: Any, room: Room) -> Room:
    """Before a write: the account's sanctions and the room's settings (slow mode,
    opening times, a ban) as they are now, not as they were when the socket opened."""
    _actor_refresh(user)
    fresh = selectors.room_for_member(member=user, slug=room.slug)
    if fresh is None:
        raise NoLongerAllowed
    return fresh


def _room_state(*, user: Any, room: Room) -> dict[str, Any] | None:
    """The member's "room" object now, or None when they may no longer be here."""
    _actor_refresh(user)
    if not member_may_enter(user):
        return None
    fresh = selectors.room_for_member(member=user, slug=room.slug)
    if fresh is None:
        return None
    membership = selectors.membership_for(member=user, room=fresh)
    return room_payload(fresh, user=user, membership=membership)


def _post(*, user: Any, room: Room, fields: dict[str, Any]) -> dict[str, Any]:
    posted = services.message_post(
        actor=user,
        room=_writer_and_room(user, room),
        body=fields["body"],
        client_id=fields["client_id"],
        reply_to_seq=fields["reply_to"],
        post_anyway=fields["post_anyway"],
    )
    return {
        "type": "ack",
        "client_id": fields["client_id"],
        "message": message_payload(posted.message, viewer=user),
    }


def _edit(*, user: Any, room: Room, fields: dict[str, Any]) -> None:
    services.message_edit(
        actor=user,
        room=_writer_and_room(user, room),
        seq=fields["seq"],
        body=fields["body"],
        post_anyway=fields["post_anyway"],
    )


def _delete(*, user: Any, room: Room, seq: int) -> None:
    services.message_delete(actor=user, room=_writer_and_room(user, room), seq=seq)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


class ChatConsumer(AsyncWebsocketConsumer):
    """One member's socket in one room."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.socket_id = uuid.uuid4().hex
        self.live = False
        self.closed = False
        self.user: Any = None
        self.room: Room | None = None
        self.can_post = False
        self.relay: RoomRelay | None = None
        self.joined_groups: list[str] = []
        self.language = ""
        self._tokens = float(FRAME_BURST)
        self._tokens_at = time.monotonic()
        self._invalid: deque[float] = deque()
        self._typing_at = 0.0
        self._tasks: set[asyncio.Task] = set()
        self._refresh_pending = False
        self._refresh_timer: asyncio.TimerHandle | None = None

    # --- Dispatch ----------------------------------------------------------------------

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As channels' dispatch, without its extra thread hop per frame to close stale
        database connections: every database call here goes through
        database_sync_to_async, which does that itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        await self.disconnect(message.get("code"))
        raise StopConsumer()

    # --- Connecting --------------------------------------------------------------------

    async def connect(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        if not getattr(user, "is_authenticated", False) or session is None:
            await self.close()
            return
        self.language = _language(self.scope)
        translation.activate(self.language)
        # Join the member's and the session's groups first, so that a sanction or a
        # logout that lands while the checks below run still reaches this socket.
        self.joined_groups = [member_group_name(user.pk)]
        if session.session_key:
            self.joined_groups.append(session_group_name(session.session_key))
        for group in self.joined_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        slug = self.scope["url_route"]["kwargs"]["slug"]
        admission = await database_sync_to_async(_admit)(user=user, session=session, slug=slug)
        if admission is None:
            await self._leave_groups()
            await self.close()
            return
        self.user = user
        self.room = admission.room
        self.can_post = bool(admission.room_payload.get("can_post"))
        await self.accept()
        self.relay = relay_for_this_process()
        online = await self.relay.join(self.room.pk, self)
        await self.send_frame({"type": "ready", "room": admission.room_payload, "online": online})
        self.live = True

    async def disconnect(self, code: Any) -> None:
        await self._shut()

    async def _shut(self) -> None:
        """Stop everything this socket receives (repeat-safe)."""
        self.live = False
        if self.closed:
            return
        self.closed = True
        if self._refresh_timer is not None:
            self._refresh_timer.cancel()
        for task in tuple(self._tasks):
            task.cancel()
        if self.relay is not None and self.room is not None:
            await self.relay.leave(self.room.pk, self)
        await self._leave_groups()

    async def _leave_groups(self) -> None:
        for group in self.joined_groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined_groups = []

    async def _end(self, code: int) -> None:
        """Close from the server's side with a PROTOCOL close code."""
        await self._shut()
        await self.close(code)

    # --- Sending -----------------------------------------------------------------------

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=encode_frame(frame))

    async def deliver(self, message: dict[str, Any]) -> None:
        """The relay's way in: an already encoded frame for this socket."""
        await self.base_send(message)

    async def send_error(
        self,
        code: str,
        message: str,
        *,
        frame: ClientFrame | None = None,
        frame_type: str = "",
        retry_after: float | None = None,
        findings: list[str] | None = None,
    ) -> None:
        error: dict[str, Any] = {"type": "error", "code": code, "message": str(message)}
        answered = frame.type if frame is not None else frame_type
        if answered:
            error["for"] = answered
        if frame is not None:
            for name in ("client_id", "seq"):
                if name in frame.fields:
                    error[name] = frame.fields[name]
        if retry_after is not None:
            error["retry_after"] = round(max(retry_after, 0.1), 1)
        if findings:
            error["findings"] = list(findings)
        await self.send_frame(error)

    # --- Frames from the client --------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.live:
            return
        try:
            frame = parse_client_frame(text_data, bytes_data)
        except FrameError as error:
            await self._invalid_frame(error)
            return
        if not self._take_token():
            await self.send_error(
                "rate_limited",
                _("Too many frames. Wait a moment."),
                frame=frame,
                retry_after=1.0 / FRAME_RATE,
            )
            return
        handler = getattr(self, f"on_{frame.type}")
        try:
            await handler(frame)
        except NoLongerAllowed:
            await self._end(CLOSE_NOT_ALLOWED)
        except ChatError as error:
            await self.send_error(
                error.code,
                error.message,
                frame=frame,
                retry_after=error.retry_after,
                findings=error.findings,
            )
        except Exception:
            # Logged without the scope: it holds the client's address.
            logger.exception("A chat frame of type %s failed.", frame.type)
            await self.send_error(
                "server_error", _("Something went wrong. Try again."), frame=frame
            )

    async def _invalid_frame(self, error: FrameError) -> None:
        now = time.monotonic()
        self._invalid.append(now)
        while self._invalid and now - self._invalid[0] > INVALID_WINDOW:
            self._invalid.popleft()
        if len(self._invalid) > INVALID_LIMIT:
            await self._end(CLOSE_TOO_MANY_INVALID)
            return
        await self.send_error(error.code, error.message, frame_type=error.frame_type)

    def _take_token(self) -> bool:
        now = time.monotonic()
        self._tokens = min(FRAME_BURST, self._tokens + (now - self._tokens_at) * FRAME_RATE)
        self._tokens_at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    async def on_sync(self, frame: ClientFrame) -> None:
        items, upto, more = await database_sync_to_async(selectors.messages_changed_after)(
            room=self.room, after_seq=frame.fields["after"], limit=SYNC_LIMIT, viewer=self.user
        )
        await self.send_frame({"type": "messages", "items": items, "upto": upto, "more": more})

    async def on_history(self, frame: ClientFrame) -> None:
        items, more = await database_sync_to_async(selectors.messages_before)(
            room=self.room,
            before_seq=frame.fields["before"],
            limit=HISTORY_LIMIT,
            viewer=self.user,
        )
        await self.send_frame({"type": "history", "items": items, "more": more})

    async def on_send(self, frame: ClientFrame) -> None:
        ack = await database_sync_to_async(_post)(
            user=self.user, room=self.room, fields=frame.fields
        )
        await self.send_frame(ack)

    async def on_edit(self, frame: ClientFrame) -> None:
        await database_sync_to_async(_edit)(user=self.user, room=self.room, fields=frame.fields)

    async def on_delete(self, frame: ClientFrame) -> None:
        await database_sync_to_async(_delete)(
            user=self.user, room=self.room, seq=frame.fields["seq"]
        )

    async def on_read(self, frame: ClientFrame) -> None:
        await database_sync_to_async(services.room_read_mark)(
            member=self.user, room=self.room, seq=frame.fields["seq"]
        )

    async def on_typing(self, frame: ClientFrame) -> None:
        now = time.monotonic()
        if not self.can_post or now - self._typing_at < TYPING_INTERVAL:
            return
        self._typing_at = now
        await self.channel_layer.group_send(
            room_group_name(self.room.pk),
            room_frame_event(
                self.room.pk,
                {"type": "typing", "name": self.user.get_username()},
                origin=self.socket_id,
            ),
        )

    async def on_ping(self, frame: ClientFrame) -> None:
        await self.send_frame({"type": "pong"})

    # --- Events about this member and session (channel layer) -----------------------

    async def member_sanctioned(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind in EXCLUDING_SANCTIONS:
            await self._end(CLOSE_SANCTIONED)
        elif kind == SANCTION_SILENCE:
            await self._refresh_room()
            self._refresh_at(_parse_time(event.get("ends_at")))

    async def chat_member(self, event: dict[str, Any]) -> None:
        if self.room is None or event.get("room_id") != self.room.pk:
            return
        what = event.get("event")
        if what in ("removed", "banned"):
            await self._end(CLOSE_NOT_ALLOWED)
        elif what in ("muted", "unmuted"):
            await self._refresh_room()
            data = event.get("data") or {}
            self._refresh_at(_parse_time(data.get("until")))

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self._end(CLOSE_SESSION_ENDED)

    # --- The member's "room" frame -----------------------------------------------------

    def room_changed(self) -> None:
        """From the relay: the room's settings changed. Coalesced: one re-read at a time."""
        if self._refresh_pending or self.closed:
            return
        self._refresh_pending = True
        task = asyncio.ensure_future(self._refresh_room())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh_room(self) -> None:
        """Send the member what they may do in the room now; close when they may no
        longer be here."""
        self._refresh_pending = False
        if self.closed or self.room is None:
            return
        # Also runs in the relay's task, which has no language of its own.
        translation.activate(self.language)
        payload = await database_sync_to_async(_room_state)(user=self.user, room=self.room)
        if self.closed:
            return
        if payload is None:
            await self._end(CLOSE_NOT_ALLOWED)
            return
        self.can_post = bool(payload.get("can_post"))
        await self.send_frame({"type": "room", "room": payload})

    def _refresh_at(self, moment: datetime | None) -> None:
        """Send a fresh "room" frame when a silence or mute ends."""
        if moment is None or self.closed:
            return
        delay = (moment - timezone.now()).total_seconds() + 1
        if not 0 < delay <= REFRESH_HORIZON:
            return
        if self._refresh_timer is not None:
            self._refresh_timer.cancel()
        self._refresh_timer = asyncio.get_running_loop().call_later(delay, self.room_changed)
