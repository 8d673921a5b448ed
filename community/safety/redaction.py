"""Enough to warn, not to identify: what the personal-information guard finds in a
warning is removed before it is stored, and the reporter is shown what and why.

A list of identifiable clients needs a permit from the Dutch data-protection authority
(Ugly Mugs NL holds one; Kring does not), so a warning keeps the pattern ("asks to
'borrow' your bank card, says he is a friend of a friend") and loses the phone number,
e-mail address, licence plate, name, street address and profile handle. The original
text is never saved: only `redact()`'s result is.

Pure functions; the guard is community.moderation.pii (linear-time patterns).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from community.moderation import pii

# The placeholder put where something was removed, in the reporter's language.
PLACEHOLDERS = {
    pii.PHONE: _("[phone number removed]"),
    pii.EMAIL: _("[e-mail address removed]"),
    pii.LICENCE_PLATE: _("[licence plate removed]"),
    pii.ADDRESS: _("[address removed]"),
    pii.IBAN: _("[bank account removed]"),
    pii.SOCIAL_HANDLE: _("[profile removed]"),
    pii.WEBSITE: _("[website removed]"),
    pii.NAME: _("[name removed]"),
}
# Why, in one line, for the reporter's preview.
REASONS = {
    pii.PHONE: _("A phone number leads to one person."),
    pii.EMAIL: _("An e-mail address leads to one person."),
    pii.LICENCE_PLATE: _("A licence plate leads to the car's owner."),
    pii.ADDRESS: _("An exact address leads to a home or workplace."),
    pii.IBAN: _("A bank account number leads to its holder."),
    pii.SOCIAL_HANDLE: _("A profile or account name leads to one person."),
    pii.WEBSITE: _("A website address can lead to one person."),
    pii.NAME: _("A name can identify someone."),
}


@dataclass(frozen=True)
class Removed:
    """One thing taken out of a field. `text` is shown to the reporter in the preview
    only (it is what they typed) and never stored."""

    field: str
    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(pii.LABELS[self.kind])

    @property
    def reason(self) -> str:
        return str(REASONS[self.kind])


@dataclass(frozen=True)
class RedactedText:
    original: str
    text: str
    removed: list[Removed] = field(default_factory=list)
    # What is left of the original once the findings are taken out (no placeholders):
    # used to tell a warning that says something from one made only of removed parts.
    remainder: str = ""


def redact(text: str, *, field_name: str = "") -> RedactedText:
    """`text` with every finding of the guard replaced by its placeholder."""
    text = text or ""
    findings = pii.find_personal_information(text, strict=True)
    parts: list[str] = []
    remainder: list[str] = []
    removed: list[Removed] = []
    position = 0
    for finding in findings:
        start, end = finding.span
        parts.append(text[position:start])
        remainder.append(text[position:start])
        parts.append(str(PLACEHOLDERS[finding.kind]))
        removed.append(Removed(field=field_name, kind=finding.kind, text=finding.text))
        position = end
    parts.append(text[position:])
    remainder.append(text[position:])
    return RedactedText(
        original=text, text="".join(parts), removed=removed, remainder=" ".join(remainder)
    )


def summary(removed: list[Removed]) -> list[dict[str, object]]:
    """Kinds and counts only (what a moderator may see of what was removed)."""
    counts: dict[str, int] = {}
    for item in removed:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return [{"kind": kind, "count": count} for kind, count in counts.items()]


# The fields of a warning that hold member text, in the order the form shows them.
TEXT_FIELDS = ("platform", "what_happened", "pattern", "advice")


@dataclass(frozen=True)
class RedactedWarning:
    """Every text field of a warning, redacted: what the reporter previews and what is
    stored (`texts`), what was removed (`removed`, for the preview only)."""

    fields: dict[str, RedactedText]

    @property
    def texts(self) -> dict[str, str]:
        return {name: value.text for name, value in self.fields.items()}

    @property
    def removed(self) -> list[Removed]:
        return [item for value in self.fields.values() for item in value.removed]


def redact_warning(**texts: str) -> RedactedWarning:
    """Redact each of TEXT_FIELDS given as keyword arguments."""
    return RedactedWarning(
        fields={
            name: redact(texts.get(name, ""), field_name=name)
            for name in TEXT_FIELDS
            if name in texts
        }
    )
