"""Question sets: the audit's questions as data, with their rules."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from spf_desktop.domain.errors import ValidationError

SIDES = ("staff", "management", "undisclosed")
SIDE_LABELS = {"staff": "Staff side", "management": "Management side", "undisclosed": "Prefer not to say"}
MAX_QUESTION_LENGTH = 300


@dataclass(frozen=True)
class Question:
    key: str
    text: str


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: tuple[Question, ...]
    version: int = 1
    source_note: str = ""
    low_label: str = "Not at all"
    high_label: str = "Completely"
    side_question: str = "Which side of the partnership are you on?"
    extra: dict = field(default_factory=dict, compare=False)

    def validate(self) -> None:
        validate_questions([q.text for q in self.questions], name=self.name)


def validate_questions(texts: list[str], *, name: str = "the question set") -> None:
    """Refuse an empty set, an empty item, an over-long item or a duplicate."""
    if not texts:
        raise ValidationError(f"{name} has no questions: add at least one.")
    seen: dict[str, int] = {}
    for number, text in enumerate(texts, start=1):
        cleaned = " ".join(text.split())
        if not cleaned:
            raise ValidationError(f"Question {number} of {name} is empty.")
        if len(cleaned) > MAX_QUESTION_LENGTH:
            raise ValidationError(
                f"Question {number} of {name} is {len(cleaned)} characters long; "
                f"the limit is {MAX_QUESTION_LENGTH}."
            )
        folded = cleaned.casefold()
        if folded in seen:
            raise ValidationError(
                f"Questions {seen[folded]} and {number} of {name} are the same: "
                f'"{cleaned}".'
            )
        seen[folded] = number


def load_question_set(path: Path) -> QuestionSet:
    """Read a question set file (resources/question_sets/*.json)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        scale = data.get("scale", {})
        qs = QuestionSet(
            name=data["name"],
            version=int(data.get("version", 1)),
            source_note=data.get("source_note", ""),
            low_label=scale.get("low_label", "Not at all"),
            high_label=scale.get("high_label", "Completely"),
            side_question=data.get("side_question", {}).get(
                "text", "Which side of the partnership are you on?"
            ),
            questions=tuple(Question(q["key"], q["text"]) for q in data["questions"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"{path} is not a readable question set ({exc}).") from exc
    qs.validate()
    return qs
