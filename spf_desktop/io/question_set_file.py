"""Question-set files: a forum's own set, exported from one laptop and imported on another.

The format is the one the shipped set is written in
(resources/question_sets/partnership_behaviours.json): a small JSON object with
``"format": "spf-question-set"`` and ``"format_version": 1``. Reading checks
everything before anything is stored, and every refusal says what is wrong and
where: the file's name, and the JSON field or the item number. A file from a
newer version of the app is refused rather than half read. Writing goes through
the project's one atomic writer, so an export is whole or absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.question_editing import MAX_NAME_LENGTH, new_key
from spf_desktop.domain.questions import (
    MAX_QUESTION_LENGTH,
    SIDE_LABELS,
    SIDES,
    Question,
    QuestionSet,
)
from spf_desktop.domain.scoring import SCORE_MAX, SCORE_MIN
from spf_desktop.io.safe_json import JsonFileProblem, load_file
from spf_desktop.store.atomic import write_text

FORMAT = "spf-question-set"
FORMAT_VERSION = 1
SUFFIX = ".spf-questions.json"
#: A question set is a page of text; anything far bigger is not one.
MAX_FILE_BYTES = 1_000_000
MAX_QUESTIONS = 100
#: The format nests four levels deep (file, side question, its options, one option).
MAX_DEPTH = 6
MAX_LABEL_LENGTH = 60
MAX_NOTE_LENGTH = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse(path: Path, where: str, what: str) -> ValidationError:
    return ValidationError(f"{path.name}: {where}: {what} Nothing was imported.")


def _text(path: Path, data: dict[str, Any], field: str, *, where: str | None = None,
          required: bool = True, default: str = "", limit: int = MAX_LABEL_LENGTH) -> str:
    value = data.get(field, None)
    place = where or f'the field "{field}"'
    if value is None:
        if required:
            raise _refuse(path, place, "it is missing.")
        return default
    if not isinstance(value, str):
        raise _refuse(path, place, f"it should be text, not {type(value).__name__}.")
    if len(value) > 4 * limit:  # far over: not worth cleaning to count
        raise _refuse(path, place, f"it is {len(value):,} characters long; the limit is {limit}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _refuse(path, place, "it holds characters that are not valid Unicode.") from None
    if _CONTROL.search(value):
        raise _refuse(path, place, "it holds control characters.")
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise _refuse(path, place, "it is blank.")
    if len(cleaned) > limit:
        raise _refuse(path, place, f"it is {len(cleaned)} characters long; the limit is {limit}.")
    return cleaned


def read_question_set(path: Path) -> QuestionSet:
    """Read and check a question-set file; a ``ValidationError`` says what and where."""
    path = Path(path)
    try:
        data = load_file(path, MAX_FILE_BYTES, "a question-set file", encoding="utf-8-sig",
                         max_depth=MAX_DEPTH)
    except OSError as exc:
        raise ValidationError(f"{path.name} could not be read: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise _refuse(path, "the file", "it is not text (UTF-8), so it is not a question "
                      "set.") from None
    except JsonFileProblem as exc:
        where = f"line {exc.line}, column {exc.column}" if exc.line else exc.where
        raise _refuse(path, where, f"the file is damaged or not JSON ({exc.msg})." if exc.msg else
                      f"this is not a question-set file ({exc.what}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(path, 'the field "format"',
                      f'this is not a question-set file (it should say "{FORMAT}").')
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refuse(path, 'the field "format_version"', "it should be a whole number.")
    if version > FORMAT_VERSION:
        raise _refuse(path, 'the field "format_version"',
                      f"the file is format version {version}, from a newer SPF Desktop; this "
                      f"one reads version {FORMAT_VERSION}. Update SPF Desktop to import it.")
    return _question_set(path, data)


def _question_set(path: Path, data: dict[str, Any]) -> QuestionSet:
    name = _text(path, data, "name", limit=MAX_NAME_LENGTH)
    set_version = data.get("version", 1)
    if not isinstance(set_version, int) or isinstance(set_version, bool) or set_version < 1:
        raise _refuse(path, 'the field "version"', "it should be a whole number from 1.")
    scale = data.get("scale", {})
    if not isinstance(scale, dict):
        raise _refuse(path, 'the field "scale"', "it should be an object.")
    if scale.get("min", SCORE_MIN) != SCORE_MIN or scale.get("max", SCORE_MAX) != SCORE_MAX:
        raise _refuse(path, 'the field "scale"',
                      f"the app scores from {SCORE_MIN} to {SCORE_MAX}, not "
                      f"{scale.get('min')} to {scale.get('max')}.")
    low = _text(path, scale, "low_label", where='the field "scale.low_label"', required=False,
                default="Not at all")
    high = _text(path, scale, "high_label", where='the field "scale.high_label"',
                 required=False, default="Completely")
    side = data.get("side_question", {})
    if not isinstance(side, dict):
        raise _refuse(path, 'the field "side_question"', "it should be an object.")
    side_text = _text(path, side, "text", where='the field "side_question.text"',
                      required=False, default="Which side of the partnership are you on?",
                      limit=MAX_QUESTION_LENGTH)
    note = _text(path, data, "source_note", required=False, limit=MAX_NOTE_LENGTH)
    items = data.get("questions")
    if not isinstance(items, list):
        raise _refuse(path, 'the field "questions"', "it is missing or not a list.")
    if not items:
        raise _refuse(path, 'the field "questions"', "the list is empty: a question set "
                      "needs at least one question.")
    if len(items) > MAX_QUESTIONS:
        raise _refuse(path, 'the field "questions"',
                      f"it has {len(items)} questions; the limit is {MAX_QUESTIONS}.")
    questions: list[Question] = []
    seen_text: dict[str, int] = {}
    seen_key: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        where = f"question {number}"
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            raise _refuse(path, where, 'it should be an object with a "text".')
        text = _text(path, item, "text", where=f'{where} (field "text")',
                     limit=MAX_QUESTION_LENGTH)
        folded = text.casefold()
        if folded in seen_text:
            raise _refuse(path, where, f"it is the same as question {seen_text[folded]}: "
                          f'"{text}".')
        seen_text[folded] = number
        key = item.get("key")
        if key is None:
            key = new_key(QuestionSet(name, tuple(questions)), text)
        elif not isinstance(key, str) or not key.strip():
            raise _refuse(path, f'{where} (field "key")', "it should be non-blank text.")
        key = key.strip()
        if key in seen_key:
            raise _refuse(path, f'{where} (field "key")',
                          f'the key "{key}" is also question {seen_key[key]}\'s.')
        seen_key[key] = number
        questions.append(Question(key, text))
    qs = QuestionSet(name=name, questions=tuple(questions), version=set_version,
                     source_note=note, low_label=low, high_label=high, side_question=side_text)
    qs.validate()
    return qs


def to_json(qs: QuestionSet) -> str:
    """The set as a format-version-1 file's text (stable: the same set, the same bytes)."""
    qs.validate()
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": qs.name,
        "version": qs.version,
        "scale": {"min": SCORE_MIN, "max": SCORE_MAX, "low_label": qs.low_label,
                  "high_label": qs.high_label},
        "source_note": qs.source_note,
        "side_question": {
            "text": qs.side_question,
            "options": [{"value": s, "label": SIDE_LABELS[s]} for s in SIDES],
        },
        "questions": [{"key": q.key, "text": q.text} for q in qs.questions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_question_set(path: Path, qs: QuestionSet) -> Path:
    """Write the set to ``path``, whole or not at all."""
    return write_text(path, to_json(qs))
