"""Benchmark files: what goes in, what a library takes, and what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed
from bench_helpers import add_forum, rewrite, uniform

from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io import benchmark_file
from spf_desktop.io.benchmark_file import BenchmarkFileError
from spf_desktop.io.benchmark_library import import_file
from spf_desktop.store import Archive, peers


def _mixed(n_staff: int, n_mgmt: int, n_other: int, base: int) -> list:
    return (uniform(n_staff, base, "staff") + uniform(n_mgmt, base + 2, "management")
            + uniform(n_other, base + 1, "undisclosed"))


@pytest.fixture
def source(tmp_path: Path) -> tuple[Path, str]:
    """An archive with one forum: a closed round by sides, one with a small side, one open."""
    path = tmp_path / "source.db"
    with Archive.open(path, create=True, backup=False) as arch:
        forum_id, _ = add_forum(arch.db, "Northshire SPF", [
            ("2020-03-01", _mixed(6, 5, 0, 6)),
            ("2021-03-01", _mixed(8, 2, 0, 7)),
        ], comment="secret remark")
        add_forum(arch.db, "Open forum", [("2021-05-01", uniform(9, 5))],
                  status=RoundStatus.OPEN)
        # an open round of the same forum: never in the file
        from spf_desktop.store import repo
        from spf_desktop.store.shipped import shipped_set_id

        repo.create_round(arch.db, forum_id, shipped_set_id(), "open", "2022-01-01",
                          status=RoundStatus.OPEN)
    return path, forum_id


def _export(source: tuple[Path, str], out: Path, **kwargs) -> Path:
    path, forum_id = source
    with open_closed(path) as arch:
        return benchmark_file.export(arch.db, forum_id, out, **kwargs)


def test_a_benchmark_file_holds_closed_rounds_aggregates_and_sides_only_where_allowed(
        source, tmp_path: Path, cli) -> None:
    path, forum_id = source
    out = tmp_path / "north.spfbench"
    result = cli("export", "benchmark", "--forum", forum_id, "--region", "Region N",
                 "--out", out, "--db", path)
    assert result.exit_code == 0, result.output
    assert "2020-03-01: 11 responses" in result.output  # the preview, before saving
    bf = benchmark_file.read(out)
    rounds = bf.content["rounds"]
    assert [r["date"] for r in rounds] == ["2020-03-01", "2021-03-01"]
    assert bf.name == "Region N"
    first, second = rounds
    assert first["sides"] == {"staff": 6, "management": 5, "other": 0}
    q = first["questions"][0]
    assert q["count"] == 11 and q["skips"] == 0
    assert q["distribution"][6] == 6 and q["distribution"][8] == 5
    assert q["by_side"] == {"staff": [0] * 6 + [6] + [0] * 4,
                            "management": [0] * 8 + [5] + [0] * 2}
    # management side of 2: no figure by side at all, so total minus staff reveals nothing
    assert second["sides"] is None
    assert all(q["by_side"] is None for q in second["questions"])
    text = out.read_text(encoding="utf-8")
    for forbidden in ("secret remark", "Northshire", "round 0", "staff side", forum_id):
        assert forbidden not in text
    with open_closed(path) as arch:
        for (key,) in arch.db.execute("SELECT key FROM responses"):
            assert key not in text
    assert "question_set" in text and "walk_in_shoes" in text and "app_version" in text


def test_since_leaves_earlier_rounds_out_and_a_forum_without_figures_is_refused(
        source, tmp_path: Path, cli) -> None:
    path, forum_id = source
    out = _export(source, tmp_path / "b.spfbench", since="2021-01-01")
    assert [r["date"] for r in benchmark_file.read(out).content["rounds"]] == ["2021-03-01"]
    result = cli("export", "benchmark", "--forum", forum_id, "--since", "2030-01-01",
                 "--out", tmp_path / "c.spfbench", "--db", path, catch_exceptions=True)
    assert result.exit_code == 1 and "nothing to share" in result.output
    assert not (tmp_path / "c.spfbench").exists()
    result = cli("export", "benchmark", "--forum", forum_id, "--since", "last year",
                 "--out", tmp_path / "c.spfbench", "--db", path, catch_exceptions=True)
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.output


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    with Archive.open(path, create=True, backup=False) as arch:
        add_forum(arch.db, "Home SPF", [("2021-04-01", uniform(8, 7))])
    return path


def test_a_library_imports_lists_deduplicates_and_removes(source, library: Path, tmp_path: Path,
                                                            cli) -> None:
    out = _export(source, tmp_path / "north.spfbench", region="Region N")
    result = cli("benchmarks", "import", out, "--db", library)
    assert result.exit_code == 0 and "2 rounds" in result.output
    again = cli("benchmarks", "import", out, "--db", library)
    assert "already in the library; nothing changed" in again.output
    listed = cli("benchmarks", "list", "--json", "--db", library)
    rows = json.loads(listed.output)
    assert [(r["name"], r["rounds"], r["first_round"], r["last_round"]) for r in rows] == [
        ("Region N", 2, "2020-03-01", "2021-03-01")]
    assert rows[0]["exported_on"] and rows[0]["imported_on"]
    removed = cli("benchmarks", "remove", rows[0]["id"], "--db", library)
    assert "Region N" in removed.output
    assert "No benchmark files" in cli("benchmarks", "list", "--db", library).output
    with open_closed(library) as arch:
        for table in ("peer_sources", "peer_rounds", "peer_answers"):
            assert arch.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608
    missing = cli("benchmarks", "remove", "nope", "--db", library, catch_exceptions=True)
    assert missing.exit_code == 1 and "no benchmark source with id nope" in missing.output


def _refused(library: Path, file: Path, *expected: str) -> str:
    before = digest(library)
    with open_closed(library) as arch, pytest.raises(BenchmarkFileError) as info:
        import_file(arch.db, file)
    message = str(info.value)
    assert "Nothing was imported" in message and file.name in message
    for text in expected:
        assert text in message, message
    assert digest(library) == before
    return message


def test_bad_benchmark_files_get_a_message_and_change_nothing(source, library: Path,
                                                             tmp_path: Path) -> None:
    good = _export(source, tmp_path / "good.spfbench")
    cut = tmp_path / "cut.spfbench"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    _refused(library, cut, "cut off")
    edited = rewrite(tmp_path.joinpath("edited.spfbench").write_bytes(good.read_bytes())
                     and tmp_path / "edited.spfbench",
                     lambda c: c["rounds"][0]["questions"][0].update(count=99),
                     keep_checksum=True)
    _refused(library, edited, "checksum does not match")
    newer = tmp_path / "newer.spfbench"
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["format_version"] = 2
    newer.write_text(json.dumps(doc), encoding="utf-8")
    _refused(library, newer, "newer SPF Desktop")
    other_set = tmp_path / "other.spfbench"
    other_set.write_bytes(good.read_bytes())
    rewrite(other_set, lambda c: [q.update(text=q["text"] + " (reworded)")
                                  for s in c["question_sets"] for q in s["questions"]])
    _refused(library, other_set, "another question set")
    not_ours = tmp_path / "notes.spfbench"
    not_ours.write_text('{"hello": 1}', encoding="utf-8")
    _refused(library, not_ours, "not an SPF Desktop benchmark file")
    # the same forum twice: a second, different file from the same forum
    with open_closed(library) as arch:
        import_file(arch.db, good)
    second = _export(source, tmp_path / "second.spfbench", region="Another label")
    _refused(library, second, "already holds a file from this forum")


def test_a_file_with_any_group_below_its_minimum_or_below_three_is_refused_whole(
        source, library: Path, tmp_path: Path) -> None:
    good = _export(source, tmp_path / "good.spfbench")

    def small_side(c: dict) -> None:  # a management side of 2, forged into the file
        r = c["rounds"][0]
        r["sides"] = {"staff": 9, "management": 2, "other": 0}
        for q in r["questions"]:
            q["by_side"] = {"staff": [0] * 6 + [6, 3] + [0] * 3,
                            "management": [0] * 8 + [2] + [0] * 2}

    forged = tmp_path / "forged.spfbench"
    forged.write_bytes(good.read_bytes())
    _refused(library, rewrite(forged, small_side), "below the minimum group of 5",
             "refused whole")

    def tiny_rest(c: dict) -> None:  # both sides shown, but total minus both sides is 1
        r = c["rounds"][0]
        q = r["questions"][0]
        q["by_side"]["staff"][6] -= 1
        r["sides"] = {"staff": 5, "management": 5, "other": 1}

    rest = tmp_path / "rest.spfbench"
    rest.write_bytes(good.read_bytes())
    _refused(library, rewrite(rest, tiny_rest), "below the minimum group")

    def low_minimum(c: dict) -> None:  # a minimum of 1 in the file still means 3 here
        r = c["rounds"][1]
        r["min_group"] = 1
        r["responses"] = 2
        for q in r["questions"]:
            q.update(count=2, skips=0, distribution=[0] * 7 + [2] + [0] * 3)

    low = tmp_path / "low.spfbench"
    low.write_bytes(good.read_bytes())
    _refused(library, rewrite(low, low_minimum), "below the minimum group of 3")
    with open_closed(library) as arch:
        assert peers.sources(arch.db) == []


def test_a_forum_own_file_is_not_compared_with_itself(source, tmp_path: Path) -> None:
    out = _export(source, tmp_path / "own.spfbench")
    _refused(source[0], out, "own forum")
