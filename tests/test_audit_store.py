"""The audit's records: rounds, PIN, question set versions, submissions, screening, kill -9."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from audit_helpers import PIN, three_question_round
from helpers import KILLED, kill_now

from spf_desktop.domain import question_editing as qe
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.pin import verify_pin
from spf_desktop.domain.questions import Question, QuestionSet
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.results import load_round_results


def counts(db) -> dict[str, int]:
    return {t: db[t].count for t in ("rounds", "benchmarks", "responses", "answers",
                                      "question_sets", "questions", "settings")}


def submission(questions, scores, comments=None, side=None) -> Submission:
    ids = [q["id"] for q in questions]
    return Submission(dict(zip(ids, scores, strict=True)),
                      {ids[i]: c for i, c in (comments or {}).items()}, side)


# -- rounds -------------------------------------------------------------------------

def test_create_round_with_benchmark(archive) -> None:
    db = archive.db
    forum = repo.create_forum(db, "North SPF")
    set_id = repo.install_question_set(db, QuestionSet("S", (Question("a", "A?"),)))
    round_id = audit.create_audit_round(db, forum, set_id, "Baseline", "2024-01-10",
                                        min_group_size=4, benchmark_value=7.5,
                                        benchmark_label="Other regional SPFs, about 7.5")
    rnd = repo.get(db, "rounds", round_id)
    assert (rnd["status"], rnd["min_group_size"], rnd["date"]) == ("draft", 4, "2024-01-10")
    assert repo.get(db, "benchmarks", rnd["benchmark_id"])["value"] == 7.5


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"benchmark_value": 10.5, "benchmark_label": "x"}, "between 0 and 10"),
    ({"benchmark_value": -1, "benchmark_label": "x"}, "between 0 and 10"),
    ({"benchmark_value": float("nan"), "benchmark_label": "x"}, "between 0 and 10"),
    ({"benchmark_value": 7.0}, "needs a label"),
    ({"benchmark_label": "Others"}, "no value"),
    ({"min_group_size": 2}, "never be below 3"),
    ({"date": "24/01/2019"}, "YYYY-MM-DD"),
    ({"label": "   "}, "needs a label"),
])
def test_bad_round_details_are_refused_and_nothing_changes(archive, kwargs, message) -> None:
    db = archive.db
    forum = repo.create_forum(db, "North SPF")
    set_id = repo.install_question_set(db, QuestionSet("S", (Question("a", "A?"),)))
    before = counts(db)
    args = {"label": "Baseline", "date": "2024-01-10"} | kwargs
    with pytest.raises(ValidationError, match=message):
        audit.create_audit_round(db, forum, set_id, args.pop("label"), args.pop("date"), **args)
    assert counts(db) == before


def test_a_round_with_no_questions_is_refused(archive) -> None:
    db = archive.db
    forum = repo.create_forum(db, "North SPF")
    db["question_sets"].insert({"id": "empty", "name": "Empty", "lineage": "empty"})
    before = counts(db)
    with pytest.raises(ValidationError, match="no questions"):
        audit.create_audit_round(db, forum, "empty", "Baseline", "2024-01-10")
    assert counts(db) == before


def test_open_close_and_their_mistakes(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db, status="draft")
    with pytest.raises(ValidationError, match="never opened"):
        audit.close_round(db, round_id)
    audit.open_round(db, round_id)
    with pytest.raises(ValidationError, match="already open"):
        audit.open_round(db, round_id)
    audit.submit(db, round_id, submission(questions, [5, 6, 7]))
    audit.close_round(db, round_id)
    with pytest.raises(ValidationError, match="already closed"):
        audit.close_round(db, round_id)
    before = counts(db)
    with pytest.raises(ValidationError, match="closed: it does not take responses"):
        audit.submit(db, round_id, submission(questions, [1, 2, 3]))
    assert counts(db) == before
    assert repo.get(db, "rounds", round_id)["status"] == "closed"


# -- PIN -------------------------------------------------------------------------

def test_pin_is_kept_as_a_hash_only(archive) -> None:
    db = archive.db
    long_pin = "73915482"  # four digits turn up in a hex hash by chance about once in 300
    audit.set_pin(db, long_pin)
    stored = audit.pin_hash(db)
    assert long_pin not in stored and stored.startswith("scrypt$")
    assert verify_pin(long_pin, stored)
    audit.set_pin(db, "99887766", current=long_pin)
    assert verify_pin("99887766", audit.pin_hash(db))
    assert db["settings"].count == 2  # the PIN's hash and the recovery code's


def test_a_short_pin_is_refused_and_the_old_one_kept(archive) -> None:
    db = archive.db
    audit.set_pin(db, PIN)
    before = audit.pin_hash(db)
    with pytest.raises(ValidationError, match="at least 4 digits"):
        audit.set_pin(db, "123")
    assert audit.pin_hash(db) == before


# -- submissions -----------------------------------------------------------------

def test_paper_form_with_a_100000_character_comment_is_refused(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db)
    before = counts(db)
    form = audit.paper_form({questions[0]["id"]: 5}, {questions[0]["id"]: "x" * 100_000}, None)
    with pytest.raises(ValidationError, match="at most 2,000 characters; this one has 100,000"):
        audit.submit(db, round_id, form)
    assert counts(db) == before


def test_control_characters_dropped_emoji_and_rtl_kept(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db)
    audit.submit(db, round_id, submission(
        questions, [5, None, 7], {0: "\x00a\x08b 🙂 مرحبا\u202e", 2: "\u200f\t"}))
    comments = sorted(c.comment for c in audit.comments_for_screening(db, round_id))
    assert comments == ["ab 🙂 مرحبا"]


def test_results_match_a_hand_calculation(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db, min_group=3)
    table = [(4, 9, None), (6, None, 2), (5, 7, 3), (None, 8, 10), (10, 6, 0)]
    for scores in table:
        audit.submit(db, round_id, submission(questions, list(scores)))
    assert not load_round_results(db, round_id).visible  # nothing while it is open
    audit.close_round(db, round_id)
    res = load_round_results(db, round_id)
    a, b, c = res.questions
    assert (a.stats.count, a.stats.skips, a.stats.mean, a.stats.median) == (4, 1, 6.25, 5.5)
    assert (b.stats.count, b.stats.skips, b.stats.mean, b.stats.median) == (4, 1, 7.5, 7.5)
    assert (c.stats.count, c.stats.skips, c.stats.mean, c.stats.median) == (4, 1, 3.75, 2.5)
    assert c.stats.distribution == (1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1)
    assert round(res.overall, 2) == round((6.25 + 7.5 + 3.75) / 3, 2) == 5.83


# -- question sets ---------------------------------------------------------------

def test_editing_an_answered_set_makes_a_new_version(demo) -> None:
    db = demo.db
    set_id = db.execute("SELECT id FROM question_sets").fetchone()[0]
    assert audit.is_frozen(db, set_id)
    old = audit.load_set(db, set_id)
    edited = qe.reword(old, 0, "Do we really work from shared values?")
    new_id = audit.save_set(db, set_id, edited)
    assert new_id != set_id
    old_row, new_row = repo.get(db, "question_sets", set_id), repo.get(db, "question_sets", new_id)
    assert new_row["lineage"] == old_row["lineage"] and new_row["version"] == old_row["version"] + 1
    assert audit.load_set(db, set_id).questions[0].text == "Do we work from shared values?"
    assert audit.load_set(db, new_id).questions[0].key == old.questions[0].key


def test_editing_an_unanswered_set_changes_it_in_place(archive) -> None:
    db = archive.db
    round_id, _ = three_question_round(db)
    set_id = repo.get(db, "rounds", round_id)["question_set_id"]
    edited = qe.move(qe.add(audit.load_set(db, set_id), "Are we on time?"), 3, -3)
    assert audit.save_set(db, set_id, edited) == set_id
    assert [q["text"] for q in repo.questions(db, set_id)][0] == "Are we on time?"


@pytest.mark.parametrize("texts", [["A?", "a?"], ["A?", "  "], []])
def test_duplicate_or_empty_items_are_refused_on_saving(archive, texts) -> None:
    db = archive.db
    round_id, _ = three_question_round(db)
    set_id = repo.get(db, "rounds", round_id)["question_set_id"]
    before = [q["text"] for q in repo.questions(db, set_id)]
    bad = QuestionSet("Mini set", tuple(Question(f"k{i}", t) for i, t in enumerate(texts)))
    with pytest.raises(ValidationError):
        audit.save_set(db, set_id, bad)
    assert [q["text"] for q in repo.questions(db, set_id)] == before


# -- screening -------------------------------------------------------------------

def test_redaction_replaces_the_stored_text_and_counts(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db)
    audit.submit(db, round_id, submission(questions, [5, 5, 5], {1: "Ask Jane Smith about it"}))
    [row] = audit.comments_for_screening(db, round_id)
    audit.redact_comment(db, round_id, row.response_key, row.question_id, "Ask [name] about it")
    [after] = audit.comments_for_screening(db, round_id)
    assert after.comment == "Ask [name] about it"
    assert db.execute("SELECT count(*) FROM answers WHERE comment LIKE '%Jane%'").fetchone()[0] == 0
    assert db.execute(  # nor can the archive's search find it
        "SELECT count(*) FROM search_index WHERE search_index MATCH 'Jane'").fetchone()[0] == 0
    audit.redact_comment(db, round_id, row.response_key, row.question_id)
    assert audit.comments_for_screening(db, round_id)[0].comment == audit.REDACTED
    assert repo.get(db, "rounds", round_id)["redactions"] == 2


# -- kill -9 ---------------------------------------------------------------------

SUBMITTER = textwrap.dedent("""
    import sys
    from spf_desktop.domain.kiosk import Submission
    from spf_desktop.store import Archive, audit, repo
    arch = Archive.open(sys.argv[1], backup=False)
    db = arch.db
    round_id = sys.argv[2]
    ids = [q.id for q in audit.kiosk_questions(db, round_id)]
    n = 0
    while True:
        n += 1
        sub = Submission({ids[0]: n % 11, ids[1]: None, ids[2]: (n * 7) % 11},
                         {ids[0]: "comment %d " % n + "x" * 1500}, "staff")
        audit.submit(db, round_id, sub)
        print(n, flush=True)
""")


@pytest.mark.slow
def test_kill_9_while_submitting_loses_nothing_and_leaves_no_half_response(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    with Archive.open(path, backup=False) as arch:
        round_id, _ = three_question_round(arch.db)
    script = tmp_path / "submitter.py"
    script.write_text(SUBMITTER, encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, str(script), str(path), round_id],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    confirmed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        confirmed = int(line)
        if confirmed >= 40:
            break
    kill_now(proc)
    proc.stdout.close()
    assert proc.stderr is not None
    errors = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode == KILLED, errors
    (path.parent / (path.name + ".lock")).unlink(missing_ok=True)
    with Archive.open(path, backup=False) as arch:
        db = arch.db
        assert arch.integrity_problems() == []
        stored = repo.response_count(db, round_id)
        assert stored >= confirmed  # every confirmed submission is there
        whole = db.execute(
            """SELECT count(*) FROM (SELECT response_key FROM answers
               GROUP BY response_key HAVING count(*) = 3)""").fetchone()[0]
        assert whole == stored  # and none is half there
        orphans = db.execute(
            "SELECT count(*) FROM answers WHERE response_key NOT IN (SELECT key FROM responses)"
        ).fetchone()[0]
        assert orphans == 0


def test_a_set_whose_round_was_purged_stays_frozen(archive) -> None:
    from datetime import date

    from spf_desktop.store import retention

    db = archive.db
    round_id, questions = three_question_round(db)
    audit.submit(db, round_id, submission(questions, [5, 6, 7]))
    set_id = repo.get(db, "rounds", round_id)["question_set_id"]
    plan = retention.plan_purge(db, 1, date(2030, 1, 1))
    retention.purge(db, plan, date(2030, 1, 1))
    assert db["responses"].count == 0 and retention.is_purged(db, round_id)
    assert audit.is_frozen(db, set_id)
    edited = qe.add(audit.load_set(db, set_id), "Are we on time?")
    assert audit.save_set(db, set_id, edited) != set_id  # a new version; the old one is kept
    assert len(repo.questions(db, set_id)) == 3


def test_a_comment_after_screening_waits_for_the_next_screening(archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db)
    assert audit.comments_screened(db, round_id)  # nothing to screen
    audit.submit(db, round_id, submission(questions, [5, 5, 5], {0: "first"}))
    assert not audit.comments_screened(db, round_id)
    assert audit.mark_screened(db, round_id) == 1
    assert audit.comments_screened(db, round_id)
    [row] = audit.comments_for_screening(db, round_id)
    audit.redact_comment(db, round_id, row.response_key, row.question_id)
    assert audit.comments_screened(db, round_id)  # a redaction is part of screening
    audit.submit(db, round_id, submission(questions, [5, 5, 5], {2: "second"}))
    assert not audit.comments_screened(db, round_id)
