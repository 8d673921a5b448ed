"""Sign-in and sign-out keep the member's list of signed-in sessions."""

from typing import Any

from community.accounts.services import member_session_forget, member_session_record


def session_started(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    member_session_record(member=user, session_key=session.session_key)


def session_ended(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        member_session_forget(session_key=session.session_key)
