"""Editing a question set: copy, reword, reorder, add and remove items.

Each edit returns a new QuestionSet and leaves the old one alone, so an editor
can keep an undo list and the archive decides, on saving, whether the set is
changed in place or (when a round already has answers to it) saved as a new
version in the same lineage. A reworded item keeps its key, so results stay
comparable with earlier rounds; a new item gets a new key.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.questions import MAX_QUESTION_LENGTH, Question, QuestionSet

MAX_NAME_LENGTH = 80


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _check_index(qs: QuestionSet, index: int) -> None:
    if not 0 <= index < len(qs.questions):
        raise ValidationError(f"There is no question {index + 1} in \"{qs.name}\".")


def _check_text(qs: QuestionSet, text: str, *, number: int, ignore: int | None = None) -> str:
    cleaned = _tidy(text)
    if not cleaned:
        raise ValidationError(f"Question {number} of \"{qs.name}\" cannot be empty.")
    if len(cleaned) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            f"Question {number} of \"{qs.name}\" is {len(cleaned)} characters long; "
            f"the limit is {MAX_QUESTION_LENGTH}."
        )
    for n, q in enumerate(qs.questions):
        if n != ignore and _tidy(q.text).casefold() == cleaned.casefold():
            raise ValidationError(
                f"\"{qs.name}\" already has this question (number {n + 1}): \"{cleaned}\"."
            )
    return cleaned


def copy_set(qs: QuestionSet, name: str) -> QuestionSet:
    """A forum's own copy of a set, starting at version 1."""
    name = _tidy(name)
    if not name:
        raise ValidationError("The copy needs a name, e.g. \"East Midlands behaviours\".")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"A question set name can be at most {MAX_NAME_LENGTH} characters.")
    note = f"Copied from \"{qs.name}\" (version {qs.version})."
    return replace(qs, name=name, version=1, source_note=f"{note} {qs.source_note}".strip())


def new_set(name: str) -> QuestionSet:
    """A blank set to fill in: it is stored once it has at least one question."""
    name = _tidy(name)
    if not name:
        raise ValidationError("A new question set needs a name, e.g. \"Our forum's behaviours\".")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"A question set name can be at most {MAX_NAME_LENGTH} characters.")
    return QuestionSet(name=name, questions=(), version=1,
                       source_note="Made in SPF Desktop by the forum.")


def rename(qs: QuestionSet, name: str) -> QuestionSet:
    name = _tidy(name)
    if not name:
        raise ValidationError("A question set needs a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"A question set name can be at most {MAX_NAME_LENGTH} characters.")
    return replace(qs, name=name)


def reword(qs: QuestionSet, index: int, text: str) -> QuestionSet:
    _check_index(qs, index)
    cleaned = _check_text(qs, text, number=index + 1, ignore=index)
    items = list(qs.questions)
    items[index] = Question(items[index].key, cleaned)
    return replace(qs, questions=tuple(items))


def move(qs: QuestionSet, index: int, delta: int) -> QuestionSet:
    """Move an item up (negative) or down (positive); past either end it stops there."""
    _check_index(qs, index)
    target = min(len(qs.questions) - 1, max(0, index + delta))
    items = list(qs.questions)
    items.insert(target, items.pop(index))
    return replace(qs, questions=tuple(items))


def new_key(qs: QuestionSet, text: str) -> str:
    """A readable key from the text, unique in the set."""
    words = re.findall(r"[a-z0-9]+", text.casefold())[:4]
    base = "_".join(words) or "question"
    taken = {q.key for q in qs.questions}
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def add(qs: QuestionSet, text: str, *, at: int | None = None) -> QuestionSet:
    number = len(qs.questions) + 1 if at is None else at + 1
    cleaned = _check_text(qs, text, number=number)
    items = list(qs.questions)
    question = Question(new_key(qs, cleaned), cleaned)
    if at is None:
        items.append(question)
    else:
        items.insert(max(0, min(at, len(items))), question)
    return replace(qs, questions=tuple(items))


def remove(qs: QuestionSet, index: int) -> QuestionSet:
    _check_index(qs, index)
    if len(qs.questions) == 1:
        raise ValidationError(
            f"\"{qs.name}\" needs at least one question, so its last question cannot be removed."
        )
    items = list(qs.questions)
    del items[index]
    return replace(qs, questions=tuple(items))
