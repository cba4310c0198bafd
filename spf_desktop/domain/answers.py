"""One participant's answer to one question, and the rule for its comment. Pure: the
kiosk, an import and the store all clean a comment the same way before it is kept."""

from __future__ import annotations

from dataclasses import dataclass

from spf_desktop.domain.errors import ValidationError

MAX_COMMENT = 2000


@dataclass(frozen=True)
class Answer:
    score: int | None  # None: skipped
    comment: str = ""


def clean_comment(text: str) -> str:
    """Drop control characters (keeping line breaks), trim, and enforce the length limit."""
    if len(text) > 4 * MAX_COMMENT:  # refused before any work in proportion to its size
        raise ValidationError(
            f"A comment can be at most {MAX_COMMENT:,} characters; this one has {len(text):,}."
        )
    cleaned = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if len(cleaned) > MAX_COMMENT:
        raise ValidationError(
            f"A comment can be at most {MAX_COMMENT:,} characters; this one has {len(cleaned):,}."
        )
    return cleaned
