"""Nothing in a benchmark file or the national database reveals a group below the minimum.

The groups are worked out here from the files' figures alone, independently of
the reader's checks: every distribution shown (in total and by side), the rest
that subtracting both sides from the total leaves, and the same across rounds
and across two files of the same forum.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from bench_helpers import add_forum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spf_desktop.domain.errors import ValidationError
from spf_desktop.io import benchmark_file
from spf_desktop.io.national import build
from spf_desktop.store import Archive

SIDES = st.sampled_from(["staff", "management", "undisclosed", None])
SCORES = st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=10, max_size=10)
ROUND = st.lists(st.tuples(SIDES, SCORES), min_size=0, max_size=14)


def _groups(r: dict) -> list[int]:
    """Every group whose scores the round's figures reveal, by distribution or subtraction."""
    out = []
    for q in r["questions"]:
        if q["distribution"] is None:
            continue
        out.append(sum(q["distribution"]))
        if q["by_side"]:
            staff, mgmt = q["by_side"]["staff"], q["by_side"]["management"]
            out += [sum(staff), sum(mgmt), sum(q["distribution"]) - sum(staff) - sum(mgmt)]
            out += [sum(q["distribution"]) - sum(staff), sum(q["distribution"]) - sum(mgmt)]
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds=st.lists(ROUND, min_size=1, max_size=3), min_group=st.integers(3, 6))
def test_no_group_below_the_minimum_can_be_derived_from_files_or_the_national_db(
        rounds: list, min_group: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Archive.open(folder / "a.db", create=True, backup=False) as arch:
            dates = [f"202{n}-01-01" for n in range(len(rounds))]
            forum_id, _ = add_forum(arch.db, "Forum", list(zip(dates, rounds, strict=True)),
                                    min_group=min_group)
            try:
                whole = benchmark_file.export(arch.db, forum_id, folder / "all.spfbench")
            except ValidationError:
                return  # no round shows figures: nothing leaves the laptop
            files = [whole]
            try:
                files.append(benchmark_file.export(arch.db, forum_id, folder / "late.spfbench",
                                                   since=dates[-1], region="Late"))
            except ValidationError:
                pass
        by_id: dict[str, dict] = {}
        for f in files:
            for r in json.loads(f.read_text(encoding="utf-8"))["content"]["rounds"]:
                assert r["min_group"] == min_group
                for size in _groups(r):
                    assert size == 0 or size >= min_group, (size, r)
                # across files: a round is the same figures in every file, nothing to subtract
                assert by_id.setdefault(r["id"], r) == r
                benchmark_file.read(f)  # and the reader accepts what the writer wrote
        build([whole], folder / "national.db")
        db = sqlite3.connect(folder / "national.db")
        scored = " + ".join(f"coalesce(scored_{s}, 0)" for s in range(11))
        for count, shown, staff in db.execute(
                f"SELECT count, {scored}, staff_mean FROM results"):  # noqa: S608
            assert shown == 0 or shown >= min_group
            if shown == 0 and count:
                assert staff is None
        db.close()


def test_an_exported_file_holds_no_comment_key_or_side_label_of_a_small_group(
        tmp_path: Path) -> None:
    responses = ([("staff", [7] * 10)] * 8 + [("management", [3] * 10)] * 2)
    with Archive.open(tmp_path / "a.db", create=True, backup=False) as arch:
        forum_id, (round_id,) = add_forum(arch.db, "Forum", [("2021-01-01", responses)],
                                          comment="only I would write this")
        out = benchmark_file.export(arch.db, forum_id, tmp_path / "f.spfbench")
        keys = [k for (k,) in arch.db.execute("SELECT key FROM responses")]
        comments = [c for (c,) in arch.db.execute(
            "SELECT comment FROM answers WHERE comment IS NOT NULL AND comment != ''")]
    text = out.read_text(encoding="utf-8")
    assert comments and keys
    for needle in [*comments, *keys, "only I would", "management", "staff", "undisclosed",
                   round_id, forum_id]:
        assert needle not in text, needle
    # the round itself is there, with its ten people's totals only
    rnd = json.loads(text)["content"]["rounds"][0]
    assert rnd["responses"] == 10 and rnd["sides"] is None
