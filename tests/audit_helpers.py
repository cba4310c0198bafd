"""Shared set-up for the audit tests: an archive with a forum, a set, an open round, a PIN."""

from __future__ import annotations

from helpers import FakeClock

from spf_desktop.domain.questions import Question, QuestionSet
from spf_desktop.store import audit, repo

PIN = "4826"

__all__ = ["PIN", "FakeClock", "three_question_round"]  # FakeClock: the shared one


def three_question_round(db, *, status: str = "open", min_group: int = 3) -> tuple[str, list[dict]]:
    forum = repo.create_forum(db, "Test SPF")
    qs = QuestionSet("Mini set", (Question("a", "Do we trust each other?"),
                                  Question("b", "Do we listen?"),
                                  Question("c", "Do we share a purpose?")))
    set_id = repo.install_question_set(db, qs, forum_id=forum)
    round_id = audit.create_audit_round(db, forum, set_id, "Spring audit", "2024-03-01",
                                        min_group_size=min_group)
    if status == "open":
        audit.open_round(db, round_id)
    audit.set_pin(db, PIN)
    return round_id, repo.questions(db, set_id)
