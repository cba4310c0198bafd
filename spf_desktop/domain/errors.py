"""Errors the user can act on. Each says what is wrong and where."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or an unusable file: shown as a plain message, never a traceback."""


class ValidationError(UserError):
    """A value the user gave breaks a rule (an empty question, a score of 11...)."""


#: What each kind of record is called in a message, by table.
RECORD_NOUNS: dict[str, str] = {
    "forums": "forum",
    "rounds": "audit round",
    "meetings": "meeting",
    "question_sets": "question set",
    "benchmarks": "benchmark",
    "peer_sources": "benchmark source",
}


class NotFound(ValidationError):
    """An id that names no record: one message shape wherever it is looked up.

    A ``ValidationError`` still, so code that catches those keeps working.
    ``table`` and ``record_id`` let a caller (the command line) add where to find
    the ids without parsing the message.
    """

    def __init__(self, table: str, record_id: object) -> None:
        self.table = table
        self.record_id = record_id
        self.noun = RECORD_NOUNS.get(table, table.rstrip("s").replace("_", " "))
        super().__init__(f"There is no {self.noun} with id {record_id} in this archive.")
