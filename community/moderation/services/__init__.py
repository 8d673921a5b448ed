"""Writes for moderation. Import from here: `from community.moderation.services import ...`.

One atomic, repeat-safe function per action; each change writes one audit entry.
"""

from community.moderation.realtime import member_group_name
from community.moderation.services.content import (
    content_approve,
    content_edit,
    content_hide,
    content_hold,
    content_purge,
    content_reject,
    content_restore,
    content_resubmit,
    content_submit,
    review_close,
    review_open,
)
from community.moderation.services.reports import report_create
from community.moderation.services.sanctions import (
    appeal_create,
    appeal_decide,
    note_create,
    sanction_apply,
    sanction_revoke,
)
from community.moderation.services.trust import trust_post_counted, trust_set
from community.moderation.services.words import (
    TextCheckResult,
    text_check,
    watched_word_create,
    watched_word_delete,
)

__all__ = [
    "TextCheckResult",
    "appeal_create",
    "appeal_decide",
    "content_approve",
    "content_edit",
    "content_hide",
    "content_hold",
    "content_purge",
    "content_reject",
    "content_restore",
    "content_resubmit",
    "content_submit",
    "member_group_name",
    "note_create",
    "report_create",
    "review_close",
    "review_open",
    "sanction_apply",
    "sanction_revoke",
    "text_check",
    "trust_post_counted",
    "trust_set",
    "watched_word_create",
    "watched_word_delete",
]
