"""Issue 12, item 3 in the archive: the purge's kept aggregates, the answers CSV,
and an open round on every path (results, exports, reports, the command line)."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from audit_helpers import three_question_round
from helpers import run_cli
from report_helpers import flat, pdf_text

from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.scoring import group_visible
from spf_desktop.io import csv_export
from spf_desktop.reports import make_report
from spf_desktop.store import Archive, audit, retention
from spf_desktop.store.results import load_round_results
from spf_desktop.store.schema import MIGRATIONS

LATER = date(2040, 1, 1)


def fill(db, people: list[tuple[str | None, tuple[int | None, ...]]], *, minimum: int = 5,
         close: bool = True) -> tuple[str, list[dict]]:
    round_id, questions = three_question_round(db, min_group=minimum)
    for side, scores in people:
        audit.submit(db, round_id, Submission(
            {q["id"]: s for q, s in zip(questions, scores, strict=True)}, {}, side))
    if close:
        audit.close_round(db, round_id)
    return round_id, questions


def figures(res) -> list:
    return [(q.info.key, q.stats, dict(q.by_side)) for q in res.questions] + [
        res.overall, res.responses, res.sides_visible]


def aggregates(db, round_id: str) -> list[tuple[str, int, list[int]]]:
    return [(side, answered, json.loads(dist)) for side, answered, dist in db.execute(
        "SELECT side, answered, distribution FROM round_aggregates WHERE round_id = ?",
        [round_id]).fetchall()]


def purge_all(db) -> None:
    retention.purge(db, retention.plan_purge(db, 7, LATER), LATER)


ISSUE = [("staff", (6, 7, None))] * 5 + [("management", (5, 5, None))] * 5 + [
    ("undisclosed", (0, 10, 2)), ("staff", (3, 4, 9))]  # z scored by two people only


def test_a_purge_keeps_no_group_below_the_minimum(archive) -> None:
    db = archive.db
    round_id, _ = fill(db, ISSUE)
    before = load_round_results(db, round_id)
    assert before.visible and not before.sides_visible and before.questions[2].too_few
    purge_all(db)
    kept = aggregates(db, round_id)
    assert kept and {side for side, _, _ in kept} == {"all"}  # the sides were not comparable
    assert all(group_visible(answered, 5) for _, answered, _ in kept)
    assert all(sum(dist) == answered for _, answered, dist in kept)
    assert len(kept) == 2  # the question scored by two keeps no scores
    after = load_round_results(db, round_id)
    assert [q.stats for q in after.questions[:2]] == [q.stats for q in before.questions[:2]]
    assert after.overall == before.overall and not after.sides_visible
    assert after.questions[2].stats.mean is None
    counts = db.execute("SELECT staff, management, undisclosed, no_side FROM round_purges "
                        "WHERE round_id = ?", [round_id]).fetchone()
    assert counts == (6, 5, 1, 0)


def test_a_purge_keeps_the_sides_when_they_may_be_compared_and_the_rest_as_one(archive) -> None:
    db = archive.db
    people = ([("staff", (6, 7, 8))] * 5 + [("management", (5, 5, 5))] * 5
              + [("undisclosed", (1, 2, 3))] * 3 + [(None, (4, 4, 4))] * 2)
    round_id, _ = fill(db, people)
    before = load_round_results(db, round_id)
    assert before.sides_visible
    purge_all(db)
    kept = aggregates(db, round_id)
    assert {side for side, _, _ in kept} == {"all", "staff", "management", "undisclosed"}
    assert all(group_visible(answered, 5) for _, answered, _ in kept)  # the rest kept as one: 5
    assert figures(load_round_results(db, round_id)) == figures(before)


def test_an_older_purge_is_folded_under_the_rule(tmp_path: Path) -> None:
    """An archive purged by the previous version kept each side apart, a group of
    one too; migration 0010 rewrites its aggregates under today's rule."""
    from sqlite_utils import Database

    db = Database(tmp_path / "old.db")
    MIGRATIONS.apply(db, stop_before="0010_aggregates_without_small_groups")
    round_id = old_style_purge(db)
    assert retention.purged_answer_rows(db, round_id)  # readable as it was
    MIGRATIONS.apply(db)
    assert_folded(db, round_id)


def old_style_purge(db) -> str:
    """A round of 5 staff, 5 management and one who gave no side, purged as the
    previous version purged: each side kept apart, the lone person's 0 too."""
    round_id, questions = three_question_round(db, status="draft", min_group=5)
    db["rounds"].update(round_id, {"status": "closed"})
    db["round_purges"].insert({"round_id": round_id, "responses": 11, "staff": 5,
                               "management": 5, "undisclosed": 0, "no_side": 1,
                               "purged_on": "2030-01-01"})
    old = {"staff": [6] * 5, "management": [5] * 5, "none": [0]}  # the lone person gave 0
    for q in questions:
        for side, scores in [("all", [6] * 5 + [5] * 5 + [0]), *old.items()]:
            dist = [scores.count(s) for s in range(11)]
            db["round_aggregates"].insert({
                "round_id": round_id, "question_id": q["id"], "side": side, "skips": 0,
                "distribution": json.dumps(dist), "answered": sum(dist), "total": sum(scores)})
    return round_id


def assert_folded(db, round_id: str) -> None:
    kept = aggregates(db, round_id)
    assert {side for side, _, _ in kept} == {"all"}
    assert all(answered == 11 for _, answered, _ in kept)
    assert db.execute("SELECT undisclosed, no_side FROM round_purges").fetchone() == (1, 0)
    res = load_round_results(db, round_id)
    assert res.visible and not res.sides_visible
    assert res.questions[0].stats.mean == pytest.approx(55 / 11)


def test_a_merge_file_from_an_earlier_version_is_folded_too(tmp_path: Path) -> None:
    from spf_desktop.io import merge

    with Archive.open(tmp_path / "laptop.db", create=True) as laptop:
        round_id = old_style_purge(laptop.db)
        merge.export(laptop.db, "round", round_id, tmp_path / "old.spfmerge")
    with Archive.open(tmp_path / "main.db", create=True) as main:
        merge.merge(main.db, tmp_path / "old.spfmerge")
        assert_folded(main.db, round_id)


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_the_answers_csv_carries_no_side_when_a_group_by_side_is_small(archive, tmp_path) -> None:
    db = archive.db
    lone, _ = fill(db, ISSUE[:11])  # 5, 5 and one "prefer not to say"
    out, note = csv_export.export_answers(db, lone, tmp_path / "lone.csv")
    rows = _csv(out)
    assert rows[0][0] != "Side" and "Prefer not to say" not in out.read_text("utf-8-sig")
    assert "side column is left out" in note and "total minus both sides" in note


def test_the_answers_csv_carries_no_side_when_skips_leave_a_small_group(archive, tmp_path) -> None:
    skipped, _ = fill(archive.db, [("staff", (6, None, 1))] + [("staff", (6, 7, 1))] * 4
                      + [("management", (5, 5, 5))] * 5)  # 4 staff scores for question 2
    out, note = csv_export.export_answers(archive.db, skipped, tmp_path / "skip.csv")
    assert _csv(out)[0][0] != "Side" and "skipped questions" in note


def test_the_answers_csv_writes_prefer_not_to_say_and_no_answer_alike(archive, tmp_path) -> None:
    db = archive.db
    people = ([("staff", (6, 7, 8))] * 5 + [("management", (5, 5, 5))] * 5
              + [("undisclosed", (1, 2, 3))] * 4 + [(None, (4, 4, 4))])  # apart, one is alone
    round_id, _ = fill(db, people)
    rows = _csv(csv_export.export_answers(db, round_id, tmp_path / "a.csv")[0])
    assert rows[0][0] == "Side"
    labels = [r[0] for r in rows[1:]]
    assert sorted(set(labels)) == ["Management side", "Prefer not to say or not given",
                                   "Staff side"]
    assert labels.count("Prefer not to say or not given") == 5


def test_an_open_round_is_not_shown_exported_or_printed(archive, tmp_path) -> None:
    db = archive.db
    round_id, _ = fill(db, [("staff", (6, 7, 8))] * 6 + [("management", (5, 5, 5))] * 6,
                       close=False)
    res = load_round_results(db, round_id)
    assert not res.visible and res.questions == () and res.responses == 12
    assert "still open: 12 responses so far" in res.hidden_reason
    with pytest.raises(csv_export.ValidationError, match="still open"):
        csv_export.export_results(db, round_id, tmp_path / "r.csv")
    with pytest.raises(csv_export.ValidationError, match="still open"):
        csv_export.export_answers(db, round_id, tmp_path / "a.csv")
    assert not list(tmp_path.glob("*.csv"))
    text = flat(pdf_text(make_report("audit", db, round_id, tmp_path / "a.pdf")))
    assert "still open: 12 responses so far" in text
    for figure in ("overall average", "5.50", "6.00", "Staff side (6"):
        assert figure not in text
    audit.close_round(db, round_id)
    assert load_round_results(db, round_id).visible


def test_the_command_line_neither_exports_nor_prints_an_open_rounds_results(tmp_path) -> None:
    path = tmp_path / "cli.db"
    with Archive.open(path, create=True) as arch:
        round_id, _ = fill(arch.db, [("staff", (6, 7, 8))] * 6, close=False)
    refused = run_cli("export", "results", "--round", round_id, "--out", tmp_path / "r.csv",
                      "--db", path, catch_exceptions=True)
    assert refused.exit_code != 0 and "still open" in refused.output
    refused = run_cli("export", "answers", "--round", round_id, "--out", tmp_path / "a.csv",
                      "--db", path, catch_exceptions=True)
    assert refused.exit_code != 0 and "still open" in refused.output
    made = run_cli("report", "audit", "--round", round_id, "--out", tmp_path / "a.pdf",
                   "--db", path, catch_exceptions=True)
    assert made.exit_code == 0, made.output
    text = flat(pdf_text(tmp_path / "a.pdf"))
    assert "still open: 6 responses so far" in text and "overall average" not in text
