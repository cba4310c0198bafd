"""Merge files between two archives: two laptops in one room, and every way a file goes wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed, round_by_label
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spf_desktop.domain.questions import load_question_set
from spf_desktop.io import merge
from spf_desktop.paths import resource
from spf_desktop.store import Archive, repo
from spf_desktop.store.results import load_round_results


def _qs():
    return load_question_set(resource("question_sets", "partnership_behaviours.json"))


def _answer_all(db, round_id: str, score: int, *, side: str | None = None, comment: str = "") -> str:
    rnd = repo.get(db, "rounds", round_id)
    qs = repo.questions(db, rnd["question_set_id"])
    return repo.add_response(db, round_id, {q["id"]: repo.Answer(score, comment) for q in qs},
                             side=side)


@pytest.fixture
def laptops(tmp_path: Path):
    """Laptop A made the round and passed it to laptop B by merge file; both are open."""
    a_path, b_path = tmp_path / "laptop-a.db", tmp_path / "laptop-b.db"
    with Archive.open(a_path) as a:
        forum = repo.create_forum(a.db, "North West SPF")
        set_id = repo.install_question_set(a.db, _qs())
        round_id = repo.create_round(a.db, forum, set_id, "Big room 2024", "2024-05-01",
                                     status="open")
        merge.export(a.db, "round", round_id, tmp_path / "round.spfmerge")
    with Archive.open(b_path) as b:
        merge.merge(b.db, tmp_path / "round.spfmerge")
    return a_path, b_path, round_id


def test_two_laptops_in_one_room_merge_into_one_round_with_every_response_once(
        laptops, tmp_path: Path) -> None:
    a_path, b_path, round_id = laptops
    with Archive.open(a_path) as a:
        a_keys = {_answer_all(a.db, round_id, n % 11, side="staff") for n in range(7)}
    with Archive.open(b_path) as b:
        b_keys = {_answer_all(b.db, round_id, 3, side="management", comment="from B")
                  for _ in range(5)}
        merge.export(b.db, "round", round_id, tmp_path / "b.spfmerge")
    with Archive.open(a_path) as a:
        report = merge.merge(a.db, tmp_path / "b.spfmerge")
        assert report.added["responses"] == 5 and report.added["answers"] == 50
        assert report.duplicates["questions"] == 10 and not report.conflicts
        again = merge.merge(a.db, tmp_path / "b.spfmerge")  # the same file twice
        assert again.added["responses"] == 0 and again.duplicates["responses"] == 5
        keys = {k for (k,) in a.db.execute("SELECT key FROM responses WHERE round_id = ?",
                                           [round_id])}
        assert keys == a_keys | b_keys
        results = load_round_results(a.db, round_id)
        assert results.responses == 12
        assert results.side_counts["management"] == 5
        assert "Merged round" in again.describe() and "5 responses" in again.describe()
    # And the other way: B gets A's responses; both archives now agree.
    with Archive.open(a_path) as a:
        merge.export(a.db, "round", round_id, tmp_path / "a.spfmerge")
    with Archive.open(b_path) as b:
        merge.merge(b.db, tmp_path / "a.spfmerge")
        assert repo.response_count(b.db, round_id) == 12


def test_a_whole_forum_goes_to_an_empty_archive_and_searches_there(demo_path: Path,
                                                                   tmp_path: Path) -> None:
    with open_closed(demo_path) as demo:
        forum = repo.forums(demo.db)[0]["id"]
        merge.export(demo.db, "forum", forum, tmp_path / "forum.spfmerge")
        before = {r["label"]: load_round_results(demo.db, r["id"]).overall
                  for r in repo.rounds(demo.db)}
    with Archive.open(tmp_path / "empty.db") as other:
        report = merge.merge(other.db, tmp_path / "forum.spfmerge")
        assert report.added["meetings"] == 5 and report.added["rounds"] == 3
        after = {r["label"]: load_round_results(other.db, r["id"]).overall
                 for r in repo.rounds(other.db)}
        assert after == before
        from spf_desktop.store.archive_queries import search

        assert any("Self-managed workshop meeting" in h.where for h in search(other.db, "cabaret"))


def test_a_changed_record_is_a_conflict_reported_and_never_overwritten(laptops,
                                                                       tmp_path: Path) -> None:
    a_path, b_path, round_id = laptops
    with Archive.open(b_path) as b:
        b.db.execute("UPDATE rounds SET label = 'Big room (laptop B)' WHERE id = ?", [round_id])
        merge.export(b.db, "round", round_id, tmp_path / "b.spfmerge")
    with Archive.open(a_path) as a:
        report = merge.merge(a.db, tmp_path / "b.spfmerge")
        assert repo.get(a.db, "rounds", round_id)["label"] == "Big room 2024"
    assert report.conflicts == [
        'round "Big room 2024": label is "Big room 2024" here, "Big room (laptop B)" in the file']
    assert "this archive's version was kept" in report.describe()


def test_a_meeting_merge_file_carries_its_agenda_and_actions(demo_path: Path, tmp_path: Path) -> None:
    with open_closed(demo_path) as demo:
        meeting = next(m for m in repo.meetings(demo.db) if m["title"] == "Self-managed workshop meeting")
        merge.export(demo.db, "meeting", meeting["id"], tmp_path / "m.spfmerge")
    with Archive.open(tmp_path / "other.db") as other:
        merge.merge(other.db, tmp_path / "m.spfmerge")
        assert other.db.execute("SELECT count(*) FROM agenda_sections").fetchone()[0] == 8
        assert other.db.execute("SELECT count(*) FROM actions").fetchone()[0] >= 1


# -- bad merge files: a clear message naming the file and where; nothing changed -----

def _refused(path: Path, file: Path, *expected: str) -> str:
    before = digest(path)
    with open_closed(path) as arch, pytest.raises(merge.MergeFileError) as info:
        merge.merge(arch.db, file)
    message = str(info.value)
    assert file.name in message and "Nothing was imported" in message
    for text in expected:
        assert text in message, message
    assert digest(path) == before
    return message


@pytest.fixture
def round_file(demo_path: Path, tmp_path: Path) -> Path:
    with open_closed(demo_path) as demo:
        rnd = round_by_label(demo.db, "Baseline")
        return merge.export(demo.db, "round", rnd["id"], tmp_path / "baseline.spfmerge")


def test_bad_merge_file_with_a_wrong_checksum(round_file: Path, tmp_path: Path) -> None:
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    answer = doc["content"]["tables"]["answers"][0]
    answer["score"] = 0 if answer["score"] == 10 else (answer["score"] or 0) + 1  # always a change
    changed = tmp_path / "changed.spfmerge"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(_empty(tmp_path), changed, 'the field "sha256"', "checksum does not match")
    assert_points_at(changed, message, '"sha256"')


def test_bad_merge_file_cut_off_on_the_way(round_file: Path, tmp_path: Path) -> None:
    cut = tmp_path / "usb-copy.spfmerge"
    cut.write_bytes(round_file.read_bytes()[: round_file.stat().st_size // 2])
    _refused(_empty(tmp_path), cut, "row 1, column", "cut off")


def test_bad_merge_file_from_a_newer_version(round_file: Path, tmp_path: Path) -> None:
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    doc["format_version"] = merge.FORMAT_VERSION + 1
    newer = tmp_path / "newer.spfmerge"
    newer.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(_empty(tmp_path), newer, 'the field "format_version"', "newer SPF Desktop")
    assert_points_at(newer, message, '"format_version"')
    # A newer app may also add fields: those are refused the same way, by name.
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    doc["content"]["tables"]["rounds"][0]["colour"] = "blue"
    doc["sha256"] = merge.checksum(doc["content"])
    newer.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(_empty(tmp_path), newer, 'table "rounds", record 1, field "colour"',
                       "newer version")
    assert_points_at(newer, message, '"colour"')


def test_bad_merge_file_with_another_question_set_under_the_same_round_id(
        demo_path: Path, round_file: Path, tmp_path: Path) -> None:
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    tables = doc["content"]["tables"]
    old_set = tables["question_sets"][0]["id"]
    tables["question_sets"][0].update(id="another-set", lineage="another-set")
    for q in tables["questions"]:
        q["question_set_id"] = "another-set"
        q["id"] = "x-" + q["id"]
    for a in tables["answers"]:
        a["question_id"] = "x-" + a["question_id"]
    tables["rounds"][0]["question_set_id"] = "another-set"
    assert old_set != "another-set"
    doc["sha256"] = merge.checksum(doc["content"])
    other = tmp_path / "other-set.spfmerge"
    other.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(demo_path, other, 'table "rounds", record 1, field "question_set_id"',
                       'the round "Baseline"', "another question set")
    assert_points_at(other, message, '"question_set_id": "another-set"')


def test_bad_merge_file_that_is_not_one(tmp_path: Path) -> None:
    other = tmp_path / "notes.spfmerge"
    other.write_text('{"hello": "world"}', encoding="utf-8")
    _refused(_empty(tmp_path), other, 'the field "format"', "not an SPF Desktop merge file")
    other.write_text('{"format": "spf-desktop-merge",\n "format_version": "one"}', encoding="utf-8")
    _refused(_empty(tmp_path), other, 'row 2, column 2, the field "format_version"',
             "'one' is not a format version")


def assert_points_at(file: Path, message: str, expected: str) -> None:
    """The message's "row R, column C" is where ``expected`` text starts in the file
    (or the record holding it starts)."""
    import re

    row, column = map(int, re.search(r"row (\d+), column (\d+)", message).groups())
    line = file.read_text(encoding="utf-8").splitlines()[row - 1]
    assert line[column - 1:].startswith(expected), line[column - 1:column + 40]


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "target.db"
    if not path.exists():
        Archive.open(path).close()
    return path


# -- fuzzing ------------------------------------------------------------------------

def _mutations():
    scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(),
                       st.text(max_size=20))
    return st.tuples(
        st.sampled_from(list(merge.TABLES)),
        st.integers(0, 30),
        st.sampled_from(["id", "key", "round_id", "question_id", "score", "side", "status",
                         "label", "response_key", "question_set_id", "text", "value", "extra"]),
        st.one_of(scalar, st.lists(scalar, max_size=2), st.dictionaries(st.text(max_size=3), scalar,
                                                                         max_size=2)),
    )


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(_mutations(), min_size=1, max_size=4), cut=st.integers(0, 3000),
       junk=st.binary(max_size=60), how=st.sampled_from(["mutate", "cut", "junk"]))
def test_fuzzed_merge_files_give_the_merge_error_or_merge_and_nothing_else(
        demo_path: Path, round_file: Path, tmp_path: Path, changes, cut: int, junk: bytes,
        how: str) -> None:
    raw = round_file.read_bytes()
    if how == "cut":
        body = raw[:cut]
    elif how == "junk":
        body = junk + raw[cut:]
    else:
        doc = json.loads(raw)
        tables = doc["content"]["tables"]
        for table, index, column, value in changes:
            rows = tables[table]
            if rows:
                rows[index % len(rows)][column] = value
            else:
                rows.append({column: value})
        try:
            doc["sha256"] = merge.checksum(doc["content"])
        except ValueError:
            pass  # NaN: the file keeps its old checksum, which no longer matches
        body = json.dumps(doc).encode("utf-8")
    file = tmp_path / "fuzz.spfmerge"
    file.write_bytes(body)
    target = tmp_path / "fuzz-target.db"
    with Archive.open(target, backup=False) as arch:
        counts = {t: arch.db[t].count for t in merge.TABLES}
        try:
            merge.merge(arch.db, file)
        except merge.MergeFileError as exc:
            assert file.name in str(exc)
            assert {t: arch.db[t].count for t in merge.TABLES} == counts
        assert arch.integrity_problems() == []
        assert arch.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_bad_merge_file_with_a_record_that_breaks_the_archive_rules(round_file: Path,
                                                                   tmp_path: Path) -> None:
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    doc["content"]["tables"]["answers"][7]["score"] = 11
    doc["sha256"] = merge.checksum(doc["content"])
    bad = tmp_path / "score-11.spfmerge"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused(_empty(tmp_path), bad, 'table "answers", record 8, field "score": '
                       "11 is not a whole number from 0 to 10.")
    assert_points_at(bad, message, '"score": 11')
    doc = json.loads(round_file.read_text(encoding="utf-8"))
    doc["content"]["tables"]["forums"] = []
    doc["sha256"] = merge.checksum(doc["content"])
    orphan = tmp_path / "no-forum.spfmerge"
    orphan.write_text(json.dumps(doc), encoding="utf-8")
    _refused(_empty(tmp_path), orphan, 'table "benchmarks", record 1',
             "refers to a record that is in neither the file nor this archive")


def test_a_purged_round_and_its_raw_responses_never_meet(demo_path: Path, round_file: Path,
                                                         tmp_path: Path) -> None:
    from datetime import date

    from spf_desktop.store import retention

    purged = tmp_path / "purged.db"
    purged.write_bytes(demo_path.read_bytes())
    with open_closed(purged) as arch:
        retention.purge(arch.db, retention.plan_purge(arch.db, 5, date(2025, 1, 1)), date(2025, 1, 1))
        report = merge.merge(arch.db, round_file)  # raw Baseline responses from elsewhere
        assert report.added["responses"] == 0
        assert any("purged here" in c for c in report.conflicts)
        rid = round_by_label(arch.db, "Baseline")["id"]
        assert load_round_results(arch.db, rid).responses == 20
        merge.export(arch.db, "round", rid, tmp_path / "purged.spfmerge")
    with open_closed(demo_path) as arch:
        report = merge.merge(arch.db, tmp_path / "purged.spfmerge")
        assert report.added["round_purges"] == 0 and report.added["round_aggregates"] == 0
        assert any("purged in the file" in c for c in report.conflicts)
        rid = round_by_label(arch.db, "Baseline")["id"]
        assert load_round_results(arch.db, rid).overall == pytest.approx(6.02)
        assert not retention.is_purged(arch.db, rid)


def test_a_round_made_separately_on_two_laptops_stays_two_rounds_and_says_so(tmp_path: Path) -> None:
    paths = [tmp_path / "a.db", tmp_path / "b.db"]
    for path in paths:
        with Archive.open(path) as arch:
            forum = repo.create_forum(arch.db, "North West SPF", id="the-same-forum")
            set_id = repo.install_question_set(arch.db, _qs())
            repo.create_round(arch.db, forum, set_id, "Big room 2024", "2024-05-01")
    with Archive.open(paths[1]) as b:
        merge.export(b.db, "forum", "the-same-forum", tmp_path / "b.spfmerge")
    with Archive.open(paths[0]) as a:
        report = merge.merge(a.db, tmp_path / "b.spfmerge")
        assert len(repo.rounds(a.db)) == 2
    assert report.notes and 'more than one round called "Big room 2024"' in report.notes[0]
    assert "Note: this archive now has more than one round" in report.describe()


def test_the_checksum_is_the_sha256_of_the_canonical_json_text() -> None:
    """Hashed piece by piece (so an export never holds the interpreter for long), it
    still equals the digest of the one-shot canonical text, so older files verify."""
    import hashlib

    content = {"b": [1, 2.5, None, "é"], "a": {"z": True, "y": "x" * 1000}}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                           allow_nan=False)
    assert merge.checksum(content) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
