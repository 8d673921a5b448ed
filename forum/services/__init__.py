"""Writes in the forum, by topic. Import from here: `from forum import services`, then
`services.post_create(...)`. Views, the moderation toolkit and commands call these;
none takes a request. Every moderator action writes one audit entry
(forum.thread.locked …).

Errors a member can fix raise django.core.exceptions.ValidationError with a message
for them; `PersonalInformationWarning` asks them to look at their text once more.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from forum.services.checks import PersonalInformationWarning
from forum.services.counters import category_refresh, thread_refresh
from forum.services.notify import post_notify
from forum.services.posting import (
    post_create,
    post_delete,
    post_edit,
    post_edit_by_moderator,
    post_purge,
    post_state_changed,
    thread_create,
)
from forum.services.reactions import reaction_toggle
from forum.services.subscriptions import category_watch_set, read_state_mark, thread_watch_set
from forum.services.thread_tools import (
    thread_close_at,
    thread_lock,
    thread_merge,
    thread_move,
    thread_pin,
    thread_slow_mode,
    thread_split,
    thread_unlock,
    thread_unpin,
)

__all__ = [
    "PermissionDenied",
    "PersonalInformationWarning",
    "ValidationError",
    "category_refresh",
    "category_watch_set",
    "post_create",
    "post_delete",
    "post_edit",
    "post_edit_by_moderator",
    "post_notify",
    "post_purge",
    "post_state_changed",
    "reaction_toggle",
    "read_state_mark",
    "thread_close_at",
    "thread_create",
    "thread_lock",
    "thread_merge",
    "thread_move",
    "thread_pin",
    "thread_refresh",
    "thread_slow_mode",
    "thread_split",
    "thread_unlock",
    "thread_unpin",
    "thread_watch_set",
]
