"""The demo's synthetic forums: East Midlands' 6.02 and 8.61 among them, in the audit report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from spf_desktop.io.benchmark_file import read
from spf_desktop.paths import resource
from spf_desktop.store import Archive, peers, repo


def test_the_shipped_synthetic_files_are_labelled_and_valid() -> None:
    files = sorted(resource("demo", "benchmarks").glob("*.spfbench"))
    assert len(files) >= 5
    for f in files:
        bf = read(f)
        assert "synthetic" in f.name and "(synthetic)" in bf.name


@pytest.mark.slow
def test_the_demo_shows_where_its_rounds_stood_among_other_forums(tmp_path: Path, cli) -> None:
    path = tmp_path / "demo.db"
    assert cli("demo", "--no-gui", "--db", path).exit_code == 0
    with Archive.open(path, backup=False) as arch:
        rounds = {r["label"]: r["id"] for r in repo.rounds(arch.db)}
        first = peers.comparison(arch.db, rounds["Baseline"])
        last = peers.comparison(arch.db, rounds["2019 audit"])
    assert first is not None and last is not None and first.overall and last.overall
    assert first.forums == 7 and round(first.overall.value, 2) == 6.02
    assert first.overall.position() == "below all 7 forums"
    assert round(last.overall.value, 2) == 8.61 and last.overall.position() == "above all 7 forums"
    assert last.by_question["walk_in_shoes"].position().endswith("of 7 forums")
    out = tmp_path / "audit.pdf"
    assert cli("report", "audit", "--round", rounds["Baseline"], "--out", out,
               "--db", path).exit_code == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, encoding="utf-8", check=True).stdout
    assert "Other forums" in text and "This round's 6.02 is below all 7 forums" in text
    assert "typed figure" in " ".join(text.split())
    trend = tmp_path / "trend.pdf"
    fid = json.loads(cli("list", "forums", "--json", "--db", path).output)[0]["id"]
    assert cli("report", "trend", "--forum", fid, "--out", trend, "--db", path).exit_code == 0
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(trend), "-"],
                                   capture_output=True, text=True, encoding="utf-8", check=True).stdout.split())
    assert "Other forums" in text
    assert "6.02 7 7.45" in text and "above all 7 forums" in text
