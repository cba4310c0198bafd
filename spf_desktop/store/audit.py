"""The audit's records: rounds opened and closed, the facilitator PIN (with its
recovery code, its lockout and the participant mode it guards), question
set versions, submissions from participant mode and paper forms, and comment
screening. SQL lives here, always with parameters; each write is one transaction.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.kiosk import KioskQuestion, Submission
from spf_desktop.domain.pin import (
    Lockout,
    PinGate,
    check_pin,
    hash_pin,
    hash_recovery_code,
    new_recovery_code,
    verify_recovery_code,
)
from spf_desktop.domain.questions import Question, QuestionSet, validate_questions
from spf_desktop.domain.scoring import SCALE_TEXT, check_benchmark, check_min_group
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.store import erasure, layout, repo

PIN_SETTING = "facilitator_pin"
RECOVERY_SETTING = "pin_recovery_code"
LOCKOUT_SETTING = "pin_lockout"
PARTICIPANT_SETTING = "participant_mode_round"
REDACTED = "[comment removed by the facilitator]"


# -- the facilitator PIN ------------------------------------------------------
#
# All in the settings table, each only as a hash or a count: the PIN's salted
# scrypt hash, the recovery code's, the wrong tries and when a lockout ends (wall
# time, so a restart does not reset them), and the round participant mode is
# running, so a kill or a crash brings participant mode back at the next start.

def _setting(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _put(db: Database, key: str, value: str | None) -> None:
    """Set (or, with None, remove) one setting; the caller holds the transaction."""
    if value is None:
        db.execute("DELETE FROM settings WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def pin_hash(db: Database) -> str | None:
    return _setting(db, PIN_SETTING)


def has_recovery_code(db: Database) -> bool:
    return _setting(db, RECOVERY_SETTING) is not None


def pin_lockout(db: Database) -> Lockout:
    """The wrong tries so far and when a lockout ends, as kept in the archive."""
    raw = _setting(db, LOCKOUT_SETTING)
    if not raw:
        return Lockout()
    try:
        data = json.loads(raw)
        until = data.get("until")
        return Lockout(int(data.get("wrong", 0)), None if until is None else float(until))
    except (ValueError, TypeError, AttributeError):
        return Lockout()


def save_pin_lockout(db: Database, state: Lockout) -> None:
    with db.atomic():
        _put(db, LOCKOUT_SETTING, None if state == Lockout()
             else json.dumps({"wrong": state.wrong, "until": state.until}))


def pin_gate(db: Database, clock: Callable[[], float] = time.time) -> PinGate:
    """The PIN check, its wrong tries kept in the archive as they happen.

    ``clock`` is wall time (seconds since the epoch): it goes on across a restart."""
    return PinGate(pin_hash(db), clock, state=pin_lockout(db),
                   save=lambda state: save_pin_lockout(db, state))


def set_pin(db: Database, pin: str, *, current: str | None = None,
            recovery_code: str | None = None,
            clock: Callable[[], float] = time.time) -> str | None:
    """Store the PIN as a salted scrypt hash; the PIN itself is never written.

    Once a PIN is set, changing it needs the current PIN (a wrong one counts
    towards the lockout, as in participant mode) or the recovery code, which
    then is used up. Returns a new recovery code to show once, when one is
    issued: with the first PIN, after the code was used, or when the archive
    has none yet; otherwise None, and the code written down still works."""
    stored = pin_hash(db)
    check_pin(pin)
    used_code = False
    if stored:
        if recovery_code:
            code_hash = _setting(db, RECOVERY_SETTING)
            if not code_hash or not verify_recovery_code(recovery_code, code_hash):
                raise ValidationError("That recovery code is not right: type it as it was "
                                      "shown when the PIN was set (the dashes may be left out).")
            used_code = True
        elif current:
            if not pin_gate(db, clock).attempt(current):
                raise ValidationError("The current PIN is not right, so the PIN was not "
                                      "changed.")
        else:
            raise ValidationError("A PIN is set already: type the current PIN to change it, "
                                  "or the recovery code if the PIN is forgotten.")
    code = new_recovery_code() if used_code or not has_recovery_code(db) else None
    new_hash = hash_pin(pin)
    with db.atomic():
        _put(db, PIN_SETTING, new_hash)
        if code is not None:
            _put(db, RECOVERY_SETTING, hash_recovery_code(code))
        if used_code:
            _put(db, LOCKOUT_SETTING, None)  # a reset PIN starts with no wrong tries
    return code


def remove_pin(db: Database) -> None:
    """The last resort when the PIN and its recovery code are both lost (the command
    line's ``reset-pin``): no PIN, no code, no lockout and no participant mode to
    resume. The app then opens as usual and asks for a new PIN before participant mode."""
    with db.atomic():
        for key in (PIN_SETTING, RECOVERY_SETTING, LOCKOUT_SETTING, PARTICIPANT_SETTING):
            _put(db, key, None)


# -- participant mode across restarts ----------------------------------------------

def start_participant_mode(db: Database, round_id: str) -> None:
    """Note, committed at once, that participant mode runs for this round."""
    with db.atomic():
        _put(db, PARTICIPANT_SETTING, round_id)


def participant_mode_round(db: Database) -> str | None:
    """The round participant mode was running when the app stopped without the PIN."""
    return _setting(db, PARTICIPANT_SETTING)


def end_participant_mode(db: Database) -> None:
    """The facilitator left with the PIN (or the round is gone): nothing to resume."""
    if participant_mode_round(db) is not None:
        with db.atomic():
            _put(db, PARTICIPANT_SETTING, None)


# -- rounds -------------------------------------------------------------------

def check_date(value: str) -> str:
    try:
        return _date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValidationError(
            f"The date \"{value}\" is not a date: write it as YYYY-MM-DD, e.g. 2019-01-24."
        ) from None


def create_audit_round(
    db: Database,
    forum_id: str,
    question_set_id: str,
    label: str,
    date: str,
    *,
    min_group_size: int = 5,
    benchmark_value: float | None = None,
    benchmark_label: str = "",
    meeting_id: str | None = None,
) -> str:
    """A new draft round, with its benchmark, in one transaction. Checks everything first.

    ``meeting_id`` is the meeting the round is held at, which must be one of the
    round's own forum's meetings."""
    check_min_group(min_group_size)
    day = check_date(date)
    if not label.strip():
        raise ValidationError("A round needs a label, e.g. \"Baseline\" or \"2019 audit\".")
    if repo.get(db, "forums", forum_id) is None:
        raise ValidationError("Choose a forum for the round.")
    if repo.get(db, "question_sets", question_set_id) is None:
        raise ValidationError("Choose a question set for the round.")
    if not repo.questions(db, question_set_id):
        raise ValidationError("That question set has no questions: a round needs at least one.")
    if meeting_id is not None:
        check_meeting_of_forum(db, meeting_id, forum_id)
    if benchmark_value is not None:
        check_benchmark(benchmark_value)
        if not benchmark_label.strip():
            raise ValidationError(
                "A benchmark needs a label, e.g. \"Other regional SPFs, about 7.5\"."
            )
    elif benchmark_label.strip():
        raise ValidationError(f"The benchmark has a label but no value: give a value from {SCALE_TEXT}.")
    with db.atomic():
        bench_id = None
        if benchmark_value is not None:
            bench_id = repo.create_benchmark(db, benchmark_label, benchmark_value, forum_id=forum_id)
        return repo.create_round(
            db, forum_id, question_set_id, label, day,
            min_group_size=min_group_size, benchmark_id=bench_id, meeting_id=meeting_id,
        )


def check_meeting_of_forum(db: Database, meeting_id: str, forum_id: str) -> dict:
    """The meeting, if it is one of this forum's (not a template); else a plain refusal."""
    meeting = repo.get(db, "meetings", meeting_id)
    if meeting is None or meeting.get("is_template"):
        raise ValidationError("That meeting is not in this archive any more: choose another, "
                              "or (none).")
    if meeting["forum_id"] != forum_id:
        other = repo.get(db, "forums", meeting["forum_id"]) or {}
        mine = repo.get(db, "forums", forum_id) or {}
        raise ValidationError(
            f"The meeting \"{meeting['title']}\" belongs to {other.get('name', 'another forum')}, "
            f"not {mine.get('name', 'this forum')}: a round can be held only at a meeting of "
            "its own forum.")
    return meeting


def _round(db: Database, round_id: str) -> dict:
    return repo.require(db, "rounds", round_id)


def open_round(db: Database, round_id: str) -> None:
    """Open a draft (or reopen a closed) round for responses."""
    rnd = _round(db, round_id)
    if rnd["status"] == RoundStatus.OPEN:
        raise ValidationError(f"The round \"{rnd['label']}\" is already open.")
    with db.atomic():
        db.execute("UPDATE rounds SET status = ? WHERE id = ?", [RoundStatus.OPEN, round_id])


def close_round(db: Database, round_id: str) -> None:
    rnd = _round(db, round_id)
    if rnd["status"] == RoundStatus.CLOSED:
        raise ValidationError(f"The round \"{rnd['label']}\" is already closed.")
    if rnd["status"] == RoundStatus.DRAFT:
        raise ValidationError(f"The round \"{rnd['label']}\" was never opened, so it cannot close.")
    with db.atomic():
        db.execute("UPDATE rounds SET status = ? WHERE id = ?", [RoundStatus.CLOSED, round_id])
    # Its comments entered the search index with the close; the pages and the
    # index are rebuilt so nothing in the file keeps the order of answering.
    layout.rebuild(db)


# -- question sets ------------------------------------------------------------

def load_set(db: Database, set_id: str) -> QuestionSet:
    row = repo.require(db, "question_sets", set_id)
    return QuestionSet(
        name=row["name"], version=row["version"], source_note=row["source_note"],
        low_label=row["low_label"], high_label=row["high_label"],
        side_question=row["side_question"],
        questions=tuple(Question(q["key"], q["text"]) for q in repo.questions(db, set_id)),
    )


def is_frozen(db: Database, set_id: str) -> bool:
    """A set answered in any round is frozen: editing it makes a new version.

    A round whose raw responses were purged still counts: its kept aggregates
    point at the set's questions.
    """
    answered = db.execute(
        """SELECT 1 FROM rounds r JOIN responses s ON s.round_id = r.id
           WHERE r.question_set_id = ? LIMIT 1""",
        [set_id],
    ).fetchone()
    if answered is not None:
        return True
    if not db.table("round_purges").exists():  # an archive from before retention existed
        return False
    purged = db.execute(
        """SELECT 1 FROM rounds r JOIN round_purges p ON p.round_id = r.id
           WHERE r.question_set_id = ? LIMIT 1""",
        [set_id],
    ).fetchone()
    return purged is not None


def question_sets(db: Database) -> list[dict]:
    """Every set, newest version of each lineage first, with its question count."""
    return list(db.query(
        """SELECT qs.*, (SELECT count(*) FROM questions q WHERE q.question_set_id = qs.id)
                  AS question_count,
                  qs.version = (SELECT max(version) FROM question_sets o
                                WHERE o.lineage = qs.lineage) AS latest
           FROM question_sets qs ORDER BY qs.name, qs.version DESC"""
    ))


def save_set(db: Database, set_id: str, edited: QuestionSet) -> str:
    """Save edits: in place when nobody has answered the set, else a new version.

    Returns the id of the set that now holds the edits.
    """
    row = repo.require(db, "question_sets", set_id)
    validate_questions([q.text for q in edited.questions], name=f"\"{edited.name}\"")
    if is_frozen(db, set_id):
        return repo.install_question_set(db, edited, lineage=row["lineage"],
                                         forum_id=row["forum_id"])
    with db.atomic():
        db.execute("UPDATE question_sets SET name = ? WHERE id = ?", [edited.name, set_id])
        db.execute("DELETE FROM questions WHERE question_set_id = ?", [set_id])
        db.table("questions").insert_all(
            {"id": repo.new_id(), "question_set_id": set_id, "position": n, "key": q.key,
             "text": " ".join(q.text.split())}
            for n, q in enumerate(edited.questions, start=1)
        )
    return set_id


def save_copy(db: Database, copy: QuestionSet, *, forum_id: str | None = None) -> str:
    """A copy (or a new set, or an imported one) is a new lineage of its own."""
    return repo.install_question_set(db, copy, forum_id=forum_id)


def rounds_using_set(db: Database, set_id: str) -> list[dict]:
    """The rounds that use any version of this set's lineage, with their forum's name."""
    row = repo.require(db, "question_sets", set_id)
    return list(db.query(
        """SELECT r.id, r.label, r.date, f.name AS forum_name FROM rounds r
           JOIN question_sets qs ON qs.id = r.question_set_id
           JOIN forums f ON f.id = r.forum_id
           WHERE qs.lineage = ? ORDER BY r.date, r.label""",
        [row["lineage"]],
    ))


def delete_question_set(db: Database, set_id: str) -> int:
    """Delete a set (every version of it) that no round uses; returns how many versions.

    A set a round uses is refused: the round's questions and results point at it."""
    row = repo.require(db, "question_sets", set_id)
    used = rounds_using_set(db, set_id)
    if used:
        first = used[0]
        more = f" and {len(used) - 1} more" if len(used) > 1 else ""
        raise ValidationError(
            f"The question set \"{row['name']}\" cannot be deleted: the round "
            f"\"{first['label']}\" ({first['forum_name']}, {first['date']}){more} uses it, and "
            "its answers and results point at its questions. Copy the set to make a new one.")
    with db.atomic():
        versions = [r[0] for r in db.execute(
            "SELECT id FROM question_sets WHERE lineage = ?", [row["lineage"]]).fetchall()]
        for version_id in versions:
            db.execute("DELETE FROM questions WHERE question_set_id = ?", [version_id])
            db.execute("DELETE FROM question_sets WHERE id = ?", [version_id])
    return len(versions)


# -- responses ----------------------------------------------------------------

def kiosk_questions(db: Database, round_id: str) -> list[KioskQuestion]:
    rnd = _round(db, round_id)
    return [KioskQuestion(q["id"], q["text"]) for q in repo.questions(db, rnd["question_set_id"])]


def submit(db: Database, round_id: str, submission: Submission) -> str:
    """Store one finished response (participant mode or a paper form), committed at once."""
    answers = {
        qid: repo.Answer(score, submission.comments.get(qid, ""))
        for qid, score in submission.scores.items()
    }
    return repo.add_response(db, round_id, answers, side=submission.side)


def paper_form(scores: Mapping[str, int | None], comments: Mapping[str, str],
               side: str | None) -> Submission:
    """A typed-in paper form is an ordinary anonymous submission."""
    return Submission(dict(scores), {k: v for k, v in comments.items() if v.strip()}, side)


# -- comment screening --------------------------------------------------------

@dataclass(frozen=True)
class CommentRow:
    response_key: str
    question_id: str
    position: int
    question: str
    comment: str


def comments_for_screening(db: Database, round_id: str) -> list[CommentRow]:
    """Every comment of a round, ordered by the random response key (no answer order)."""
    return [
        CommentRow(*row)
        for row in db.execute(
            """SELECT a.response_key, a.question_id, q.position, q.text, a.comment
               FROM answers a
               JOIN responses s ON s.key = a.response_key
               JOIN questions q ON q.id = a.question_id
               WHERE s.round_id = ? AND a.comment IS NOT NULL AND a.comment != ''
               ORDER BY a.response_key, q.position""",
            [round_id],
        ).fetchall()
    ]


def comment_count(db: Database, round_id: str) -> int:
    return db.execute(
        """SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
           WHERE s.round_id = ? AND a.comment IS NOT NULL AND a.comment != ''""",
        [round_id],
    ).fetchone()[0]


def mark_screened(db: Database, round_id: str) -> int:
    """The facilitator has read every comment: they may now be shown. Returns how many."""
    _round(db, round_id)
    count = comment_count(db, round_id)
    with db.atomic():
        db.execute("UPDATE rounds SET screened_comments = ? WHERE id = ?", [count, round_id])
    return count


def comments_screened(db: Database, round_id: str) -> bool:
    """True when no comment has arrived since the last screening (or there are none)."""
    rnd = _round(db, round_id)
    count = comment_count(db, round_id)
    return count == 0 or rnd.get("screened_comments") == count


@dataclass(frozen=True)
class Redaction:
    """What a redaction did: the text now stored, and the backups it also changed."""

    text: str
    backups: tuple[Path, ...]

    @property
    def message(self) -> str:
        return "Comment replaced; the old text is gone. " + erasure.backups_sentence(self.backups)


def redact_comment(db: Database, round_id: str, response_key: str, question_id: str,
                   replacement: str | None = None) -> Redaction:
    """Replace a stored comment and count the redaction.

    The old text is gone from the archive (its pages, the search index and the
    WAL) and from every automatic backup that held it; the result names those
    backups so the user can be told.
    """
    text = REDACTED if replacement is None else repo.clean_comment(replacement)
    if not text:
        text = REDACTED
    with db.atomic():
        row = db.execute(
            """SELECT a.score FROM answers a JOIN responses s ON s.key = a.response_key
               WHERE a.response_key = ? AND a.question_id = ? AND s.round_id = ?
                 AND a.comment IS NOT NULL""",
            [response_key, question_id, round_id],
        ).fetchone()
        if row is None:
            raise ValidationError("That comment is not in this round any more.")
        # Delete and insert rather than update, so every index of the old text
        # (the search index's triggers) drops it the same way as a deletion.
        db.execute("DELETE FROM answers WHERE response_key = ? AND question_id = ?",
                   [response_key, question_id])
        db.execute(
            "INSERT INTO answers (response_key, question_id, score, comment) VALUES (?, ?, ?, ?)",
            [response_key, question_id, row[0], text],
        )
        db.execute("UPDATE rounds SET redactions = redactions + 1 WHERE id = ?", [round_id])
        erasure.mark_pending(db)
    changed = erasure.after_removal(db)
    return Redaction(text, changed)
