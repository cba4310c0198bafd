"""The national view: one SQLite file from many benchmark files, served by Datasette."""

from __future__ import annotations

import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bench_helpers import add_forum, uniform

from spf_desktop.io import benchmark_file
from spf_desktop.io.benchmark_file import mean_of
from spf_desktop.paths import resource
from spf_desktop.store import Archive


def _files(tmp_path: Path) -> list[Path]:
    """Two real exports plus the demo's synthetic files."""
    out = []
    for n, (first, last) in enumerate([(5, 7), (6, 9)]):
        path = tmp_path / f"a{n}.db"
        with Archive.open(path, create=True, backup=False) as arch:
            forum_id, _ = add_forum(arch.db, f"Forum {n}", [("2020-01-01", uniform(6, first)),
                                                            ("2021-01-01", uniform(7, last))])
            out.append(benchmark_file.export(arch.db, forum_id, tmp_path / f"f{n}.spfbench"))
    return out + sorted(resource("demo", "benchmarks").glob("*.spfbench"))


def _expected(files: list[Path]) -> dict[str, tuple[str, float, float | None]]:
    """Per forum, computed from the files alone: latest date, latest and previous average."""
    out = {}
    for f in files:
        c = json.loads(f.read_text(encoding="utf-8"))["content"]
        rounds = sorted(c["rounds"], key=lambda r: r["date"])
        avgs = [statistics.mean(m for q in r["questions"]
                                if (m := mean_of(q["distribution"])) is not None) for r in rounds]
        out[c["source"]["name"]] = (rounds[-1]["date"], avgs[-1],
                                    avgs[-2] if len(avgs) > 1 else None)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


@pytest.mark.slow
def test_datasette_serves_the_canned_queries_with_the_files_figures(tmp_path: Path, cli) -> None:
    pytest.importorskip("datasette", reason="datasette is not installed: pip install "
                                             "'spf-desktop[national]' (the [test] extra has it)")
    files = _files(tmp_path)
    out = tmp_path / "national.db"
    result = cli("national", "build", *files, "--out", out)
    assert result.exit_code == 0, result.output
    meta = tmp_path / "metadata.json"
    assert set(json.loads(meta.read_text())["databases"]["national"]["queries"]) == {
        "forums_by_overall_average", "each_question_across_forums", "change_since_last_round"}
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(out), "-m", str(meta), "-h",
         "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/national"
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the server to answer (a subprocess, not a timed assertion)
            try:
                _get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "") from None
                time.sleep(0.2)
        expected = _expected(files)
        rows = _get(f"{base}/forums_by_overall_average.json?_shape=array")
        assert [r["forum"] for r in rows] == sorted(
            expected, key=lambda name: (-expected[name][1], name))
        for r in rows:
            assert r["round_date"] == expected[r["forum"]][0]
            assert r["overall_average"] == pytest.approx(expected[r["forum"]][1])
        changes = {r["forum"]: r for r in _get(
            f"{base}/change_since_last_round.json?_shape=array")}
        assert changes["Forum 1"]["change"] == pytest.approx(3.0)
        assert changes["Forum 0"]["change"] == pytest.approx(2.0)
        questions = _get(f"{base}/each_question_across_forums.json?_shape=array")
        assert len(questions) == 10 and all(q["forums"] == len(files) for q in questions)
        walk = next(q for q in questions if q["key"] == "walk_in_shoes")
        latest = []
        for f in files:
            c = json.loads(f.read_text(encoding="utf-8"))["content"]
            r = max(c["rounds"], key=lambda r: r["date"])
            latest.append(mean_of(next(q for q in r["questions"]
                                       if q["key"] == "walk_in_shoes")["distribution"]))
        assert walk["average"] == pytest.approx(round(statistics.mean(latest), 2))
        assert walk["highest"] == pytest.approx(round(max(latest), 2))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()


def test_a_national_build_over_no_file_or_nothing_comparable_is_refused(tmp_path: Path,
                                                                       cli) -> None:
    out = tmp_path / "national.db"
    none = cli("national", "build", "--out", out, catch_exceptions=True)
    assert none.exit_code == 1 and "at least one benchmark file" in none.output
    demo = sorted(resource("demo", "benchmarks").glob("*.spfbench"))
    other = tmp_path / "other.spfbench"
    shutil.copy(demo[0], other)
    from bench_helpers import rewrite

    rewrite(other, lambda c: [q.update(key=q["key"] + "_x") for s in c["question_sets"]
                              for q in s["questions"]] and [q.update(key=q["key"] + "_x")
                                                           for r in c["rounds"]
                                                           for q in r["questions"]])
    rewrite(other, lambda c: c["source"].update(id="another forum"))
    apart = cli("national", "build", demo[1], other, "--out", out, catch_exceptions=True)
    assert apart.exit_code == 1 and "no question in common" in apart.output
    twice = cli("national", "build", demo[1], demo[1], "--out", out, catch_exceptions=True)
    assert twice.exit_code == 1 and "same forum" in twice.output
    assert not out.exists() and not (tmp_path / "metadata.json").exists()
