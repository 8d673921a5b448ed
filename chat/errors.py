"""The one kind of refusal chat's rules and services give, with a code from
chat/PROTOCOL.md ("Error codes") and a message in the member's language.

The consumer turns a ChatError into an `error` frame as it is; the pages show its
message. Codes are stable (clients branch on them); messages are for people.
"""

# The codes of PROTOCOL.md that the domain layer raises (the consumer adds the
# frame-level ones: bad_frame, unknown_type, too_large).
BAD_FRAME = "bad_frame"
EMPTY = "empty"
TOO_LONG = "too_long"
RATE_LIMITED = "rate_limited"
SLOW_MODE = "slow_mode"
MUTED = "muted"
SILENCED = "silenced"
READ_ONLY = "read_only"
NOT_FOUND = "not_found"
FORBIDDEN = "forbidden"
EDIT_WINDOW_PASSED = "edit_window_passed"
PERSONAL_INFORMATION = "personal_information"
WATCHED_WORD = "watched_word"


class ChatError(Exception):
    """A refusal: `code` for clients, `message` for people, `retry_after` (seconds)
    when waiting helps (rate limit, slow mode, mute), `findings` (plain strings) for
    the personal-information warning."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        retry_after: float | None = None,
        findings: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.retry_after = retry_after
        self.findings = list(findings or [])

    def __repr__(self) -> str:
        return f"ChatError({self.code!r})"

    def as_frame(self) -> dict:
        """The PROTOCOL `error` frame (without `client_id`, which the consumer adds)."""
        frame: dict = {"type": "error", "code": self.code, "message": self.message}
        if self.retry_after is not None:
            frame["retry_after"] = round(self.retry_after, 1)
        if self.findings:
            frame["findings"] = self.findings
        return frame
