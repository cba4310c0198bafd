"""The archive as a whole: search, timeline, open actions, retention, restore, read-only."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed, round_by_label

from spf_desktop.domain.errors import UserError
from spf_desktop.io import csv_export
from spf_desktop.store import Archive, DamagedArchive, repo, restore, retention
from spf_desktop.store.archive_queries import (
    fts_query,
    mark_action_done,
    open_actions,
    search,
    timeline,
)
from spf_desktop.store.backups import make_backup
from spf_desktop.store.results import load_round_results

TODAY = date(2020, 6, 1)


# -- search ------------------------------------------------------------------------

def test_search_finds_every_kind_of_record_and_says_where(demo) -> None:
    wheres = {h.kind: h.where for h in search(demo.db, "trust")}
    assert wheres["meeting"] == 'Meeting "OD review: purpose, involvement and trust" (2017-11-16)'
    assert wheres["outcome"].startswith('Outcome in meeting "OD review')
    assert wheres["question"].startswith('Audit question 5 of "Partnership behaviours"')
    assert wheres["comment"] == 'Comment on question 5 in audit round "Review" (2017-11-16)'
    assert "section" in wheres
    hits = search(demo.db, "huddle")
    assert any(h.kind == "action" and h.open_kind == "meeting" for h in hits)
    assert all("[" in h.snippet for h in hits)


def test_search_takes_any_typing_without_failing(demo) -> None:
    for text in ['"', "trust OR", "NEAR(", "*", "walk*", "a AND", "-", "'; DROP TABLE"]:
        search(demo.db, text)  # never an FTS syntax error
    assert search(demo.db, "   ") == []
    assert fts_query('wal "x') == '"wal"* "x"*'
    assert any("shoes" in h.snippet.lower() for h in search(demo.db, "walk"))


def test_the_index_follows_edits_deletes_and_redactions(demo) -> None:
    db = demo.db
    meeting = next(m for m in repo.meetings(db) if m["title"].startswith("Walking"))
    db.execute("UPDATE meetings SET title = 'Zebra crossing' WHERE id = ?", [meeting["id"]])
    assert [h.open_id for h in search(db, "zebra")] == [meeting["id"]]
    assert not any(h.kind == "meeting" and h.open_id == meeting["id"] for h in search(db, "walking"))
    db.execute("UPDATE answers SET comment = '[removed]' WHERE comment LIKE '%fragile%'")
    assert search(db, "fragile") == []
    db.execute("DELETE FROM outcomes")
    assert not any(h.kind == "outcome" for h in search(db, "trust"))


def test_comments_of_an_open_or_small_round_are_not_searchable(demo) -> None:
    forum = repo.forums(demo.db)[0]["id"]
    set_id = round_by_label(demo.db, "Baseline")["question_set_id"]
    rid = repo.create_round(demo.db, forum, set_id, "Small", "2020-01-01", status="open")
    qid = repo.questions(demo.db, set_id)[0]["id"]
    repo.add_response(demo.db, rid, {qid: repo.Answer(3, "Only the chair dominates")})
    assert search(demo.db, "dominates") == []


def test_a_comment_waiting_to_be_screened_is_not_searchable(demo) -> None:
    from spf_desktop.store import audit

    baseline = round_by_label(demo.db, "Baseline")
    assert any(h.kind == "comment" for h in search(demo.db, "camps"))  # screened in the story
    qid = repo.questions(demo.db, baseline["question_set_id"])[0]["id"]
    repo.add_response(demo.db, baseline["id"], {qid: repo.Answer(5, "Mr Jones shouts at staff")},
                      require_open=False)
    assert search(demo.db, "Jones") == []
    assert not any(h.kind == "comment" for h in search(demo.db, "camps"))  # the round waits
    audit.mark_screened(demo.db, baseline["id"])
    assert [h.kind for h in search(demo.db, "Jones")] == ["comment"]


# -- timeline and actions -------------------------------------------------------------

def test_timeline_lists_rounds_and_meetings_by_date_with_the_average_trend(demo) -> None:
    forum = repo.forums(demo.db)[0]["id"]
    entries = timeline(demo.db, forum)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    rounds = [e for e in entries if e.kind == "round"]
    assert [(e.title, e.average) for e in rounds] == [
        ("Baseline", 6.02), ("Review", 6.67), ("2019 audit", 8.61)]
    assert len([e for e in entries if e.kind == "meeting"]) == 5


def test_open_actions_across_meetings_most_urgent_first(demo) -> None:
    actions = open_actions(demo.db, TODAY)
    assert [a.meeting for a in actions] == ["Self-managed workshop meeting",
                                            "Annual audit and review 2019"]
    assert all(a.overdue for a in actions)
    mark_action_done(demo.db, actions[0].id, TODAY)
    assert [a.id for a in open_actions(demo.db, TODAY)] == [actions[1].id]


# -- retention -------------------------------------------------------------------------

def test_purging_old_rounds_keeps_every_figure_of_the_results(demo) -> None:
    db = demo.db
    ids = {r["label"]: r["id"] for r in repo.rounds(db)}
    before = {label: load_round_results(db, rid) for label, rid in ids.items()}
    today = date(2021, 1, 1)
    plan = retention.plan_purge(db, 3, today)
    assert [i.label for i in plan.items] == ["Baseline", "Review"]
    text = plan.describe()
    assert "2 audit rounds dated before 2018-01-01 (older than 3 years): 38 responses" in text
    assert "- Baseline (East Midlands SPF, 2017-01-19): 20 responses, 200 answers, 8 comments" in text
    assert "Gone for good" in text
    assert retention.purge(db, plan, today) == 38
    assert db.execute("SELECT count(*) FROM responses WHERE round_id = ?",
                      [ids["Baseline"]]).fetchone()[0] == 0
    for label, rid in ids.items():
        after = load_round_results(db, rid)
        old = before[label]
        assert after.responses == old.responses
        assert after.overall == old.overall
        assert after.overall_change == old.overall_change
        assert [q.stats for q in after.questions] == [q.stats for q in old.questions]
        assert [dict(q.by_side) for q in after.questions] == [dict(q.by_side) for q in old.questions]
    assert all(q.comments == () for q in load_round_results(db, ids["Baseline"]).questions)
    assert repo.response_count(db, ids["Baseline"]) == 20
    views = dict(db.execute("SELECT round_label, overall_average FROM round_results").fetchall())
    assert views == {"Baseline": 6.02, "Review": 6.67, "2019 audit": 8.61}
    assert not any(h.kind == "comment" and h.open_id == ids["Baseline"]
                   for h in search(db, "trust"))
    assert retention.plan_purge(db, 3, today).items == ()  # nothing left to purge


def test_purge_refuses_less_than_a_year(demo) -> None:
    with pytest.raises(retention.ValidationError, match="at least 1 year"):
        retention.plan_purge(demo.db, 0, TODAY)


# -- CSV for Excel users ---------------------------------------------------------------------

def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_answers_csv_is_anonymous_and_shuffled(demo, tmp_path: Path) -> None:
    rid = round_by_label(demo.db, "Baseline")["id"]
    first, note = csv_export.export_answers(demo.db, rid, tmp_path / "a.csv")
    second, _ = csv_export.export_answers(demo.db, rid, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM
    rows_a, rows_b = _read(first), _read(second)
    assert rows_a[0][0] == "Side" and rows_a[0][1] == "1. Do we work from shared values?"
    assert len(rows_a) == 21 and sorted(rows_a) == sorted(rows_b)
    keys = {k for (k,) in demo.db.execute("SELECT key FROM responses")}
    assert not any(k in first.read_text(encoding="utf-8-sig") for k in keys)
    stored = [r for r in csv_export.export_answers(demo.db, rid, tmp_path / "c.csv")]
    assert stored and note == ""
    orders = {tuple(map(tuple, _read(csv_export.export_answers(demo.db, rid, tmp_path / f"{n}.csv")[0])))
              for n in range(4)}
    assert len(orders) > 1  # a fresh random order each time


def test_results_csv_matches_the_results(demo, tmp_path: Path) -> None:
    rid = round_by_label(demo.db, "2019 audit")["id"]
    rows = _read(csv_export.export_results(demo.db, rid, tmp_path / "r.csv"))
    assert rows[0][:6] == ["Question number", "Question", "Answered", "Skipped", "Mean", "Median"]
    assert rows[-1][1].startswith("Overall average of 20 responses")
    assert rows[-1][4] == "8.61"
    results = load_round_results(demo.db, rid)
    assert rows[1][4] == f"{results.questions[0].stats.mean:.2f}"


def test_exports_below_the_minimum_group_are_refused(demo, tmp_path: Path) -> None:
    forum = repo.forums(demo.db)[0]["id"]
    set_id = round_by_label(demo.db, "Baseline")["question_set_id"]
    rid = repo.create_round(demo.db, forum, set_id, "Tiny", "2020-01-01", status="open")
    qid = repo.questions(demo.db, set_id)[0]["id"]
    repo.add_response(demo.db, rid, {qid: repo.Answer(3)})
    with pytest.raises(csv_export.ValidationError, match="still open"):
        csv_export.export_results(demo.db, rid, tmp_path / "y.csv")
    demo.db["rounds"].update(rid, {"status": "closed"})
    with pytest.raises(csv_export.ValidationError, match="only from 5"):
        csv_export.export_answers(demo.db, rid, tmp_path / "x.csv")
    with pytest.raises(csv_export.ValidationError, match="only from 5 responses"):
        csv_export.export_results(demo.db, rid, tmp_path / "y.csv")
    assert not (tmp_path / "x.csv").exists()


# -- restore and read-only ---------------------------------------------------------------------

def test_restore_brings_back_a_backup_and_keeps_a_copy_of_the_current_file(demo_path: Path) -> None:
    stamp = iter([datetime(2020, 1, 2, 3, 4, 5), datetime(2020, 1, 2, 3, 9, 0)])
    backup = make_backup(demo_path, now=lambda: next(stamp))
    with open_closed(demo_path) as arch:
        repo.create_forum(arch.db, "Made after the backup")
    infos = restore.backup_info(demo_path)
    assert infos[0].path == backup and infos[0].made == datetime(2020, 1, 2, 3, 4, 5)
    assert "02 Jan 2020, 03:04:05" in infos[0].describe()
    kept = restore.restore(demo_path, backup, now=lambda: next(stamp))
    with open_closed(demo_path) as arch:
        assert [f["name"] for f in repo.forums(arch.db)] == ["East Midlands SPF"]
    with Archive.open(kept, read_only=True) as old:
        assert "Made after the backup" in [f["name"] for f in repo.forums(old.db)]
    assert any(i.label == "before-restore" for i in restore.backup_info(demo_path))


def test_restore_refuses_a_damaged_backup_and_changes_nothing(demo_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(demo_path.read_bytes()[:5000])
    before = digest(demo_path)
    with pytest.raises(DamagedArchive):
        restore.restore(demo_path, bad)
    assert digest(demo_path) == before


def test_read_only_open_writes_nothing(demo_path: Path) -> None:
    before = digest(demo_path)
    files = sorted(p.name for p in demo_path.parent.iterdir())
    with Archive.open(demo_path, read_only=True) as arch:
        search(arch.db, "trust")
        timeline(arch.db, repo.forums(arch.db)[0]["id"])
        with pytest.raises(Exception, match="readonly|read-only|query_only"):
            repo.create_forum(arch.db, "Should not be written")
    assert digest(demo_path) == before
    assert sorted(p.name for p in demo_path.parent.iterdir()) == files


def test_an_archive_from_before_search_is_indexed_when_upgraded(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from spf_desktop.store.demo import write_demo
    from spf_desktop.store.schema import MIGRATIONS

    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0002_archive_search_and_aggregates")
    db.execute("PRAGMA user_version = 1")
    write_demo(db)
    db.close()
    with Archive.open(path, read_only=True) as old:
        with pytest.raises(UserError, match="older version"):
            search(old.db, "trust")
        assert [e.average for e in timeline(old.db, repo.forums(old.db)[0]["id"])
                if e.kind == "round"] == [6.02, 6.67, 8.61]
    with Archive.open(path) as upgraded:
        assert {h.kind for h in search(upgraded.db, "trust")} >= {"meeting", "outcome",
                                                                   "question"}
        # comments from before screening existed wait for the facilitator, like any other
        assert "comment" not in {h.kind for h in search(upgraded.db, "trust")}
        from spf_desktop.store import audit

        for rnd in repo.rounds(upgraded.db):
            audit.mark_screened(upgraded.db, rnd["id"])
        assert "comment" in {h.kind for h in search(upgraded.db, "trust")}
        views = dict(upgraded.db.execute(
            "SELECT round_label, overall_average FROM round_results").fetchall())
        assert views == {"Baseline": 6.02, "Review": 6.67, "2019 audit": 8.61}
