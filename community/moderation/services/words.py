"""Watched words and the personal-information guard, applied before content is saved."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.audit.services import audit_record
from community.moderation.models import WatchedWord
from community.moderation.pii import find_personal_information
from community.moderation.selectors import watched_word_rules
from community.moderation.watched_words import (
    InvalidPatternError,
    apply_watched_words,
    validate_pattern,
)
from community.policies import is_moderator


@dataclass
class TextCheckResult:
    """What the forum (or chat) does with a text before saving it.

    - `blocked`: refuse to save; show `message`.
    - `hold`: save, then hold for review with `hold_reason` (see `content_submit`).
    - `text`: the text to save (watched words with action "censor" replaced).
    - `personal_information`: findings from `pii.find_personal_information`; warn the
      author before posting; if they post anyway, hold it.
    """

    text: str
    blocked: bool = False
    message: str = ""
    hold: bool = False
    hold_reason: str = ""
    personal_information: list[Any] = field(default_factory=list)

    @property
    def hold_reasons(self) -> list[str]:
        """Reasons to hold when the author posts as is (pass to `content_submit`)."""
        reasons = [self.hold_reason] if self.hold else []
        if self.personal_information:
            kinds = ", ".join(dict.fromkeys(str(f.label) for f in self.personal_information))
            reasons.append(
                _("The post may contain personal information (%(kinds)s).") % {"kinds": kinds}
            )
        return reasons


def text_check(*, author: Any, text: str) -> TextCheckResult:
    """Apply the moderators' watched words and look for personal information."""
    result = TextCheckResult(text=text)
    rules = watched_word_rules()
    if rules:
        outcome = _apply_watched_words(text, rules)
        if outcome["blocked"]:
            result.blocked = True
            result.message = _(
                "Your post contains a word that is not allowed here. Please change it."
            )
        if outcome["hold"]:
            result.hold = True
            result.hold_reason = _("The post contains a word moderators check first.")
        result.text = outcome["text"]
    result.personal_information = list(_find_personal_information(result.text))
    return result


def _apply_watched_words(text: str, rules: list[WatchedWord]) -> dict[str, Any]:
    outcome = apply_watched_words(text, rules)
    return {"blocked": outcome.blocked, "hold": outcome.hold, "text": outcome.text}


def _find_personal_information(text: str) -> list[Any]:
    return find_personal_information(text)


def _require_moderator(actor: Any) -> None:
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can do this."))


@transaction.atomic
def watched_word_create(
    *, actor: Any, word: str, action: str, is_regex: bool = False, replacement: str = ""
) -> WatchedWord:
    _require_moderator(actor)
    word = word.strip()
    if not word:
        raise ValidationError(_("Enter a word or pattern."))
    try:
        validate_pattern(word, is_regex=is_regex)
    except InvalidPatternError as error:
        raise ValidationError(str(error)) from error
    rule, created = WatchedWord.objects.get_or_create(
        word=word,
        is_regex=is_regex,
        defaults={"action": action, "replacement": replacement, "created_by": actor},
    )
    if not created and (rule.action, rule.replacement) != (action, replacement):
        rule.action, rule.replacement = action, replacement
        rule.save(update_fields=["action", "replacement"])
    audit_record(
        actor=actor,
        action="moderation.watched_word.saved",
        target=rule,
        data={"action": action, "regex": is_regex},
    )
    return rule


@transaction.atomic
def watched_word_delete(*, actor: Any, rule: WatchedWord) -> bool:
    _require_moderator(actor)
    rule_id = rule.pk
    deleted, _rows = WatchedWord.objects.filter(pk=rule_id).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="moderation.watched_word.deleted",
            data={"watched_word": rule_id, "action": rule.action},
        )
    return bool(deleted)
