"""A round's figures leave the laptop once: answers added to a closed round later
(reopened, imported into, merged) never change what benchmark files carry, so no
two files of a forum differ by a few people's answers."""

from __future__ import annotations

import json
from pathlib import Path

from bench_helpers import add_forum, uniform

from spf_desktop.io import benchmark_file
from spf_desktop.store import Archive, audit, repo


def _round(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))["content"]["rounds"][0]


def _add(db, round_id: str, side: str | None, scores: list[int]) -> None:
    qids = [q["id"] for q in repo.questions(db, repo.require(db, "rounds", round_id)
                                            ["question_set_id"])]
    answers = {qid: repo.Answer(s, "") for qid, s in zip(qids, scores, strict=True)}
    repo.add_response(db, round_id, answers, side=side, require_open=False)


def test_a_late_answer_cannot_be_subtracted_from_two_files(tmp_path: Path, cli) -> None:
    path = tmp_path / "a.db"
    with Archive.open(path, create=True, backup=False) as arch:
        # 5 staff, 5 management and 1 who kept their side: sides are hidden (a group of 1).
        responses = uniform(5, 6, "staff") + uniform(5, 8, "management") + [
            ("undisclosed", [2, 8, 1, 9, 2, 8, 1, 9, 2, 8])]
        forum_id, (round_id,) = add_forum(arch.db, "Riverside SPF", [("2024-03-01", responses)])
    first = tmp_path / "first.spfbench"
    assert cli("export", "benchmark", "--forum", forum_id, "--out", first,
               "--db", path).exit_code == 0
    with Archive.open(path, backup=False) as arch:
        audit.open_round(arch.db, round_id)  # reopened: five late forms with no side,
        for _ in range(5):                   # which would now let the sides be shown
            _add(arch.db, round_id, None, [3, 5, 3, 10, 3, 5, 3, 10, 3, 5])
        audit.close_round(arch.db, round_id)
        assert repo.response_count(arch.db, round_id) == 16
    second = tmp_path / "second.spfbench"
    result = cli("export", "benchmark", "--forum", forum_id, "--out", second, "--db", path)
    assert result.exit_code == 0, result.output
    assert "keeps the figures it was first shared with" in result.output
    a, b = _round(first), _round(second)
    assert a == b  # nothing to subtract
    assert a["responses"] == 11 and a["sides"] is None
    q = a["questions"][0]
    assert sum(q["distribution"]) == 11


def test_a_round_never_shared_goes_in_with_its_figures_and_a_preview_records_nothing(
        tmp_path: Path, cli) -> None:
    path = tmp_path / "a.db"
    with Archive.open(path, create=True, backup=False) as arch:
        forum_id, (round_id,) = add_forum(arch.db, "Riverside SPF",
                                          [("2024-03-01", uniform(6, 7))])
    preview = cli("export", "benchmark", "--forum", forum_id, "--out", tmp_path / "p.spfbench",
                  "--preview", "--db", path)
    assert preview.exit_code == 0
    with Archive.open(path, backup=False) as arch:
        assert benchmark_file.shared_entry(arch.db, round_id) is None
        _add(arch.db, round_id, None, [0] * 10)  # before anything was shared: it counts
        out = benchmark_file.export(arch.db, forum_id, tmp_path / "f.spfbench")
        assert benchmark_file.shared_entry(arch.db, round_id) == _round(out)
    assert _round(out)["responses"] == 7
