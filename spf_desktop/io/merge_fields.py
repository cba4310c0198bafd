"""What each field of a merge file may hold: its type, its range or length, its form.

A merge file comes from another laptop, by USB stick or email, and its checksum
proves only that it was not cut off or changed on the way, not that the program
that wrote it kept this app's rules. So every field of every record is held to
the rule the app keeps when the value is typed: a score is a whole number from
0 to 10, a side is one of the app's sides, a date is a real date, a text has a
length limit, a stored JSON value (ways of working, a section's parameters, a
purged round's distribution) has its shape checked, and a comment is cleaned
as a typed one is (``domain.answers.clean_comment``). A value that breaks a
rule is refused with the reason ("5.5 is not a whole number from 0 to 10"); the
reader adds where it is.

A round's ``screened_comments`` is not taken from the file: comments merged in
wait for the facilitator's screening on this laptop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from spf_desktop.domain.agenda import SEATING
from spf_desktop.domain.answers import MAX_COMMENT, clean_comment
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.forums import MAX_DESCRIPTION, MAX_MIN_GROUP, MAX_TEXT, MAX_WAYS
from spf_desktop.domain.questions import MAX_QUESTION_LENGTH, SIDES
from spf_desktop.domain.response_columns import MAX_ROUND_RESPONSES
from spf_desktop.domain.scoring import SCALE, SCALE_TEXT, SCORE_MAX, SCORE_MIN
from spf_desktop.domain.section_types import MAX_SECTION_MINUTES, RULES
from spf_desktop.domain.statuses import ActionStatus, RoundStatus
from spf_desktop.io.safe_json import JsonFileProblem, load_text

#: Generous bounds for text the app itself does not limit when typed: a real
#: record is far inside them, and a hostile one is refused before it is stored.
MAX_ID = 64
MAX_SHORT = 1_000     # a title, a label, a name, a lead, a venue
MAX_LONG = 20_000     # private notes, a source note
MAX_COUNT = MAX_ROUND_RESPONSES
#: A section's parameters: how many, and how large each may be.
MAX_PARAMS = 10
MAX_PARAM = 1_000
#: Columns the file may hold but that are never taken from it.
NOT_CARRIED = {("rounds", "screened_comments")}

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
AGGREGATE_SIDES = ("all", *SIDES, "none")


class FieldProblem(ValueError):
    """Why a value breaks its field's rule: a clause for the reader's sentence."""


@dataclass(frozen=True)
class Rule:
    """One field's rule. ``check`` returns the value to store or raises ``FieldProblem``."""

    check: Callable[[Any], Any]
    nullable: bool = False


def _show(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    text = repr(value)
    return text if len(text) <= 40 else f"a number {len(text):,} digits long"


def _whole(value: object, low: int, high: int, what: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise FieldProblem(f"{_show(value)} is not {what or f'a whole number from {low:,} to {high:,}'}")
    return value


def whole(low: int, high: int, what: str = "", *, nullable: bool = False) -> Rule:
    return Rule(lambda v: _whole(v, low, high, what), nullable)


def score() -> Rule:
    return whole(SCORE_MIN, SCORE_MAX, f"a whole number from {SCALE_TEXT}", nullable=True)


def _real(value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise FieldProblem(f"{_show(value)} is not a number from {low:g} to {high:g}")
    return float(value) if isinstance(value, float) else value


def real(low: float, high: float, *, nullable: bool = False) -> Rule:
    return Rule(lambda v: _real(v, low, high), nullable)


def _string(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise FieldProblem(f"{_show(value)} is not text")
    if len(value) > limit:
        raise FieldProblem(f"the text is {len(value):,} characters long; the limit is {limit:,}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise FieldProblem("the text holds characters that are not valid Unicode") from None
    if _CONTROL.search(value):
        raise FieldProblem("the text holds control characters")
    return value


def text(limit: int, *, required: bool = False, nullable: bool = False) -> Rule:
    def check(value: object) -> str:
        out = _string(value, limit)
        if required and not out.strip():
            raise FieldProblem("it is blank")
        return out
    return Rule(check, nullable)


def ident(*, nullable: bool = False) -> Rule:
    def check(value: object) -> str:
        out = _string(value, MAX_ID)
        if not _ID.fullmatch(out):
            raise FieldProblem(f"{_show(value)} is not an id")
        return out
    return Rule(check, nullable)


def one_of(values: tuple[str, ...], what: str, *, nullable: bool = False) -> Rule:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in values:
            raise FieldProblem(f"{_show(value)} is not {what}: one of {', '.join(values)}")
        return value
    return Rule(check, nullable)


def day(*, nullable: bool = False) -> Rule:
    def check(value: object) -> str:
        out = _string(value, 10)
        try:
            if not _DATE.fullmatch(out):
                raise ValueError
            date.fromisoformat(out)
        except ValueError:
            raise FieldProblem(f"{_show(value)} is not a date like 2024-05-01") from None
        return out
    return Rule(check, nullable)


def clock(*, nullable: bool = False) -> Rule:
    def check(value: object) -> str:
        if not isinstance(value, str) or not _CLOCK.fullmatch(value):
            raise FieldProblem(f"{_show(value)} is not a clock time like 10:00")
        return value
    return Rule(check, nullable)


def _comment(value: object) -> str | None:
    if not isinstance(value, str):
        raise FieldProblem(f"{_show(value)} is not text")
    if len(value) > 4 * MAX_COMMENT:  # far over before cleaning: not worth cleaning
        raise FieldProblem(f"the comment is {len(value):,} characters long; the limit is "
                           f"{MAX_COMMENT:,}")
    try:
        cleaned = clean_comment(value)
    except ValidationError as exc:
        raise FieldProblem(str(exc).rstrip(".")) from None
    return cleaned or None


def _stored_json(value: object, limit: int) -> Any:
    out = _string(value, limit)
    try:
        return load_text(out)
    except JsonFileProblem:
        raise FieldProblem("it is not the JSON text this field holds") from None


MAX_CONVERTED = 100  # questions of one round answered on another scale


def _converted(value: object) -> str:
    """``rounds.converted_scales``: question id -> {"key", "name", "low", "high"}, the
    answers' own scale, low < high within 0 to 10."""
    scales = _stored_json(value, MAX_CONVERTED * (MAX_ID * 2 + MAX_SHORT + 60) + 10)
    if not isinstance(scales, dict) or len(scales) > MAX_CONVERTED:
        raise FieldProblem(f"it should be an object of at most {MAX_CONVERTED} questions")
    for qid, entry in scales.items():
        if not _ID.fullmatch(qid) or len(qid) > MAX_ID:
            raise FieldProblem(f"{_show(qid)} is not a question id")
        if not isinstance(entry, dict) or set(entry) - {"key", "name", "low", "high"}:
            raise FieldProblem(f'question {qid} should be {{"key", "name", "low", "high"}}')
        low, high = entry.get("low"), entry.get("high")
        if not (type(low) is int and type(high) is int and 0 <= low < high <= 10):
            raise FieldProblem(f"question {qid}: the scale {_show(low)} to {_show(high)} is "
                               "not two whole numbers from 0 to 10, the first the lower")
        try:
            _string(entry.get("key", ""), MAX_ID)
            _string(entry.get("name", ""), MAX_SHORT)
        except FieldProblem as exc:
            raise FieldProblem(f"question {qid}: {exc}") from None
    assert isinstance(value, str)
    return value


def _ways(value: object) -> str:
    ways = _stored_json(value, MAX_WAYS * (MAX_TEXT + MAX_DESCRIPTION + 40) + 10)
    if not isinstance(ways, list) or len(ways) > MAX_WAYS:
        raise FieldProblem(f"it should be a list of at most {MAX_WAYS} ways of working")
    for n, way in enumerate(ways, start=1):
        if not isinstance(way, dict) or set(way) - {"name", "description"}:
            raise FieldProblem(f'way {n} should be {{"name", "description"}}')
        try:
            _string(way.get("name"), MAX_TEXT)
            _string(way.get("description", ""), MAX_DESCRIPTION)
        except FieldProblem as exc:
            raise FieldProblem(f"way {n}: {exc}") from None
    assert isinstance(value, str)
    return value


def _params(value: object) -> str:
    params = _stored_json(value, 2_000)
    known = {name for names in RULES.values() for name in names}
    if not isinstance(params, dict) or len(params) > MAX_PARAMS:
        raise FieldProblem(f"it should be an object of at most {MAX_PARAMS} parameters")
    for name, number in params.items():
        if name not in known:
            raise FieldProblem(f"{_show(name)} is not a parameter of any section type")
        try:
            _whole(number, 0, MAX_PARAM)
        except FieldProblem as exc:
            raise FieldProblem(f"parameter {_show(name)}: {exc}") from None
    assert isinstance(value, str)
    return value


def _distribution(value: object) -> str:
    counts = _stored_json(value, 20 * len(SCALE) + 40)
    if not isinstance(counts, list) or len(counts) != len(SCALE):
        raise FieldProblem(f"it should be a list of {len(SCALE)} counts, one per score "
                           f"from {SCALE_TEXT}")
    for n, count in enumerate(counts):
        try:
            _whole(count, 0, MAX_COUNT)
        except FieldProblem as exc:
            raise FieldProblem(f"the count for a score of {n + SCORE_MIN}: {exc}") from None
    if sum(counts) > MAX_COUNT:
        raise FieldProblem(f"it counts {sum(counts):,} answers; a round holds at most {MAX_COUNT:,}")
    assert isinstance(value, str)
    return value


def _any_int(value: object) -> object:
    return value  # not carried: only checked to be a value (by the reader)


ID, OPTIONAL_ID = ident(), ident(nullable=True)
COUNT = whole(0, MAX_COUNT)

#: Every field of every table a merge file holds. A column the archive has but
#: this table lacks is refused by the reader as from a newer version.
FIELDS: dict[str, dict[str, Rule]] = {
    "forums": {
        "id": ID, "name": text(MAX_SHORT, required=True), "region": text(MAX_SHORT, nullable=True),
        "protective_marking": text(MAX_SHORT, nullable=True),
        "ways_of_working": Rule(_ways), "created_on": day(nullable=True),
        "default_min_group_size": whole(3, MAX_MIN_GROUP),
        "default_benchmark_label": text(MAX_SHORT),
        "default_benchmark_value": real(SCORE_MIN, SCORE_MAX, nullable=True),
    },
    "question_sets": {
        "id": ID, "name": text(MAX_SHORT, required=True), "version": whole(1, 1_000_000),
        "lineage": ID, "source_note": text(MAX_LONG), "low_label": text(MAX_SHORT),
        "high_label": text(MAX_SHORT), "side_question": text(MAX_QUESTION_LENGTH),
        "forum_id": OPTIONAL_ID,
    },
    "questions": {
        "id": ID, "question_set_id": ID, "position": whole(0, 10_000),
        "key": text(MAX_ID, required=True), "text": text(MAX_QUESTION_LENGTH, required=True),
    },
    "benchmarks": {
        "id": ID, "forum_id": OPTIONAL_ID, "label": text(MAX_SHORT),
        "value": real(SCORE_MIN, SCORE_MAX),
    },
    "meetings": {
        "id": ID, "forum_id": OPTIONAL_ID, "title": text(MAX_SHORT, required=True),
        "date": day(nullable=True), "venue": text(MAX_SHORT), "start_time": clock(),
        "planned_end": clock(), "seating": one_of(SEATING, "a seating the app knows"),
        "ways_of_working": Rule(_ways), "notes": text(MAX_LONG), "is_template": whole(0, 1),
    },
    "agenda_sections": {
        "id": ID, "meeting_id": ID, "position": whole(0, 10_000), "type": text(MAX_ID, required=True),
        "title": text(MAX_SHORT), "question": text(MAX_SHORT), "outcome_sought": text(MAX_SHORT),
        "duration_min": whole(1, MAX_SECTION_MINUTES, f"a whole number of minutes from 1 to "
                              f"{MAX_SECTION_MINUTES}"),
        "lead": text(MAX_SHORT), "notes": text(MAX_LONG), "params": Rule(_params),
        "pinned_time": clock(nullable=True), "parallel_with": OPTIONAL_ID,
        "actual_start": text(40, nullable=True), "actual_end": text(40, nullable=True),
        "round_id": OPTIONAL_ID,
    },
    "outcomes": {"id": ID, "meeting_id": ID, "section_id": OPTIONAL_ID, "text": text(MAX_LONG)},
    "decisions": {"id": ID, "meeting_id": ID, "section_id": OPTIONAL_ID, "text": text(MAX_LONG)},
    "actions": {
        "id": ID, "meeting_id": ID, "section_id": OPTIONAL_ID, "text": text(MAX_LONG),
        "owner": text(MAX_SHORT), "due_date": day(nullable=True),
        "status": one_of(tuple(ActionStatus), "an action status"), "done_on": day(nullable=True),
    },
    "rounds": {
        "id": ID, "forum_id": ID, "question_set_id": ID, "meeting_id": OPTIONAL_ID,
        "label": text(MAX_SHORT, required=True), "date": day(),
        "status": one_of(tuple(RoundStatus), "a round status"),
        "min_group_size": whole(3, MAX_MIN_GROUP), "benchmark_id": OPTIONAL_ID,
        "redactions": whole(0, 10 * MAX_COUNT * 100),
        "screened_comments": Rule(_any_int, nullable=True),
        "converted_scales": Rule(_converted, nullable=True),
    },
    "responses": {"key": ID, "round_id": ID, "side": one_of(SIDES, "a side", nullable=True)},
    "answers": {
        "response_key": ID, "question_id": ID, "score": score(),
        "comment": Rule(_comment, nullable=True),
    },
    "round_purges": {
        "round_id": ID, "responses": COUNT, "staff": COUNT, "management": COUNT,
        "undisclosed": COUNT, "no_side": COUNT, "comments_removed": whole(0, 100 * MAX_COUNT),
        "purged_on": day(),
        "counts_only": whole(0, 1),
    },
    "round_aggregates": {
        "round_id": ID, "question_id": ID,
        "side": one_of(AGGREGATE_SIDES, "a group of a purged round"), "skips": COUNT,
        "distribution": Rule(_distribution), "answered": COUNT,
        "total": whole(0, SCORE_MAX * MAX_COUNT),
    },
}


def has_rule(table: str, column: str) -> bool:
    return column in FIELDS.get(table, {}) and (table, column) not in NOT_CARRIED


def check_field(table: str, column: str, value: object) -> object:
    """The value to store for ``table.column``; ``FieldProblem`` if it breaks the rule.
    A column without a rule (none today) keeps its value."""
    rule = FIELDS.get(table, {}).get(column)
    if rule is None:
        return value
    if value is None:
        if rule.nullable:
            return None
        raise FieldProblem("it is empty, and this field needs a value")
    return rule.check(value)


def check_record(table: str, row: dict[str, Any]) -> tuple[str, str] | None:
    """A rule between fields of one record: ``(field, problem)``, or None."""
    if table == "round_aggregates" and isinstance(row.get("distribution"), str):
        counts = load_text(row["distribution"])
        if row.get("answered") != sum(counts):
            return "answered", (f"{_show(row.get('answered'))} is not the {sum(counts):,} "
                                "answers its distribution counts")
        total = sum((score + SCORE_MIN) * n for score, n in enumerate(counts))
        if row.get("total") != total:
            return "total", (f"{_show(row.get('total'))} is not the sum of the scores its "
                             f"distribution counts ({total:,})")
    if table == "round_purges":
        groups = sum(row.get(c) or 0 for c in ("staff", "management", "undisclosed", "no_side"))
        if groups > (row.get("responses") or 0):
            return "responses", (f"{_show(row.get('responses'))} is fewer than the {groups:,} "
                                 "responses counted by side")
    return None
