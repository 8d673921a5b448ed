"""Writes about notifications. Other apps call `notification_create`; none of these
functions takes a request."""

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.accounts.selectors import is_blocked_by
from community.notifications.models import (
    TEXT_MAX_LENGTH,
    URL_MAX_LENGTH,
    Notification,
    NotificationPreference,
)

_KIND_RE = re.compile(r"^[a-z][a-z0-9_.]{0,31}$")


def _is_local_path(url: str) -> bool:
    """Only links inside Kring: "/forum/t/1/#p2". No scheme, no //host, no backslashes
    (browsers read "/\\host" as another host)."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _neutral_text(text: str) -> str:
    """One line, at most TEXT_MAX_LENGTH characters: a label, never a post body."""
    one_line = " ".join(text.split())
    if len(one_line) > TEXT_MAX_LENGTH:
        one_line = one_line[: TEXT_MAX_LENGTH - 1] + "…"
    return one_line


def notification_create(
    *,
    recipient: Any,
    kind: str,
    actor: Any = None,
    target: models.Model | None = None,
    url: str = "",
    text: str = "",
) -> Notification | None:
    """Tell `recipient` that something happened.

    Returns None and creates nothing when the recipient is the actor, or when the
    recipient has blocked the actor (the blocked member is never told). `text` must be
    a short neutral description ("New reply in a thread you watch"), never a post's
    text nor a name; it is cut to one line of 200 characters. For kinds about another
    member (mention, quote, reply) leave `text` empty: the list renders it from `actor`
    when shown (Notification.display_text), so a deleted account leaves no name.
    `url` must be a path inside Kring ("/forum/…"); anything else raises ValueError.
    """
    if not _KIND_RE.match(kind):
        raise ValueError(f"notification kind must be a short lowercase slug, got {kind!r}")
    if url and (not _is_local_path(url) or len(url) > URL_MAX_LENGTH):
        raise ValueError("notification url must be a path inside Kring, like /forum/…")
    if actor is not None:
        if actor.pk == recipient.pk:
            return None
        if is_blocked_by(member=actor, other=recipient):
            return None
    target_ct = None
    target_id = ""
    if target is not None:
        target_ct = ContentType.objects.get_for_model(target)
        target_id = str(target.pk)
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        target_content_type=target_ct,
        target_object_id=target_id,
        url=url,
        text=_neutral_text(text),
    )


def notifications_mark_read(*, member: Any, ids: list[int] | None = None) -> int:
    """Mark the member's unread notifications as read: all of them, or those in `ids`.
    Other members' notifications are never touched. Returns how many changed."""
    queryset = Notification.objects.for_member(member).unread()
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())


def notifications_for_target_delete(target: models.Model) -> int:
    """Delete every notification about `target` (used when content is purged, so no
    trace of it stays in anyone's list). Returns how many were deleted."""
    target_ct = ContentType.objects.get_for_model(target)
    deleted, _per_model = Notification.objects.filter(
        target_content_type=target_ct, target_object_id=str(target.pk)
    ).delete()
    return deleted


def notification_preference_set(
    *, member: Any, email_digest: bool, language: str = ""
) -> NotificationPreference:
    """Opt in to (or out of) the e-mail digest. Opting in needs an e-mail address."""
    if email_digest and not member.email:
        raise ValueError("the e-mail digest needs an e-mail address")
    preference, _created = NotificationPreference.objects.update_or_create(
        member=member,
        defaults={
            "email_digest": email_digest,
            "language": language or settings.LANGUAGE_CODE,
        },
    )
    return preference


def _digest_body(*, count: int, link: str) -> str:
    # Counts and a link only: an inbox must not reveal what Kring is or what was said.
    return "\n\n".join(
        [
            _("Hello,"),
            ngettext(
                "You have %(count)d new message.",
                "You have %(count)d new messages.",
                count,
            )
            % {"count": count},
            _("Read them here: %(link)s") % {"link": link},
            _(
                "You get this e-mail because you asked for it. "
                "You can switch it off on the same page."
            ),
        ]
    )


def notification_digest_send(*, base_url: str, now: datetime | None = None) -> int:
    """Send one neutral e-mail to every opted-in member with unread notifications
    created since their last digest. Returns how many e-mails were sent.

    Subject and body contain no post text, no pseudonyms and no site-specific words:
    only a count and a link to the notifications page.
    """
    now = now or timezone.now()
    since_last = Q(member__notifications__read_at__isnull=True) & (
        Q(last_digest_at__isnull=True)
        | Q(member__notifications__created_at__gt=F("last_digest_at"))
    )
    preferences = (
        NotificationPreference.objects.filter(email_digest=True, member__is_active=True)
        .exclude(member__email="")
        .select_related("member")
        .annotate(new_count=Count("member__notifications", filter=since_last))
        .filter(new_count__gt=0)
    )
    link = base_url.rstrip("/") + reverse("notifications:list")
    sent = 0
    for preference in preferences:
        with translation.override(preference.language or settings.LANGUAGE_CODE):
            subject = _("You have new messages")
            body = _digest_body(count=preference.new_count, link=link)
        send_mail(subject, body, None, [preference.member.email])
        NotificationPreference.objects.filter(pk=preference.pk).update(last_digest_at=now)
        sent += 1
    return sent
