"""Every command of the command line, with good and bad arguments."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import file_hash
from helpers import run_cli

from spf_desktop import __version__
from spf_desktop.cli import main
from spf_desktop.store import Archive

ROOT = Path(__file__).resolve().parent.parent


run = run_cli  # the shared runner (tests/helpers.py)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_demo_then_list_as_json(tmp_path: Path) -> None:
    db = tmp_path / "story.db"
    result = run("demo", "--no-gui", "--db", str(db))
    assert result.exit_code == 0, result.output
    forums = json.loads(run("list", "forums", "--json", "--db", str(db)).output)
    assert [f["name"] for f in forums] == ["East Midlands SPF"]
    assert all(set(f) >= {"id", "name"} for f in forums)
    rounds = json.loads(run("list", "rounds", "--json", "--db", str(db)).output)
    assert [r["label"] for r in rounds] == ["Baseline", "Review", "2019 audit"]
    meetings = json.loads(run("--db", str(db), "list", "meetings", "--json").output)
    assert "Self-managed workshop meeting" in [m["title"] for m in meetings]
    plain = run("list", "rounds", "--db", str(db)).output
    assert rounds[0]["id"] in plain and "Baseline" in plain


def test_demo_without_db_goes_to_its_own_file_not_the_archive(home: Path) -> None:
    result = run("demo", "--no-gui")
    assert result.exit_code == 0
    assert (home / "demo.db").exists()
    assert not (home / "archive.db").exists()


def test_demo_with_a_synthetic_forum(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    assert run("demo", "--no-gui", "--db", str(db), "--rounds", "3", "--respondents", "7").exit_code == 0
    rounds = json.loads(run("list", "rounds", "--json", "--db", str(db)).output)
    assert len(rounds) == 6
    assert sorted(r["responses"] for r in rounds)[:3] == [7, 7, 7]


def test_check_passes_a_good_archive(demo_path: Path) -> None:
    result = run("check", "--db", str(demo_path))
    assert result.exit_code == 0
    assert "OK" in result.output


def test_check_fails_a_damaged_archive_and_leaves_it_alone(demo_path: Path) -> None:
    data = demo_path.read_bytes()
    demo_path.write_bytes(data[: len(data) // 3 + 17])
    before = file_hash(demo_path)
    result = run("check", "--db", str(demo_path))
    assert result.exit_code == 1
    assert "damaged" in result.output and "Traceback" not in result.output
    assert file_hash(demo_path) == before


def test_check_of_a_missing_file(tmp_path: Path) -> None:
    result = run("check", "--db", str(tmp_path / "nothing.db"))
    assert result.exit_code == 1
    assert "There is no archive" in result.output


def test_backup_writes_a_complete_copy(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    result = run("backup", "--db", str(demo_path), "--out", str(out))
    assert result.exit_code == 0, result.output
    with Archive.open(out, read_only=True) as copy:
        assert copy.db["responses"].count == 58
    again = run("backup", "--db", str(demo_path), "--out", str(out))
    assert again.exit_code == 1 and "already exists" in again.output


def test_backup_into_a_missing_folder(demo_path: Path, tmp_path: Path) -> None:
    result = run("backup", "--db", str(demo_path), "--out", str(tmp_path / "gone" / "copy.db"))
    assert result.exit_code == 1
    assert "does not exist" in result.output


@pytest.mark.parametrize(
    "args",
    [["--colour"], ["list"], ["list", "people"], ["backup"], ["demo", "--rounds", "0"],
     ["demo", "--respondents", "many"], ["frobnicate"]],
)
def test_bad_arguments_get_a_usage_message(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Usage:" in result.output or "Error" in result.output
    assert "Traceback" not in result.output


def test_db_in_a_missing_folder(tmp_path: Path) -> None:
    result = run("demo", "--no-gui", "--db", str(tmp_path / "missing" / "a.db"))
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_db_that_is_a_text_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("hello")
    result = run("list", "forums", "--db", str(notes))
    assert result.exit_code == 1
    assert "not an SPF Desktop archive" in result.output
    assert notes.read_text() == "hello"


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with Archive.open(db):
        result = run("demo", "--no-gui", "--db", str(db))
    assert result.exit_code == 1
    assert "already open in another copy" in result.output


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    def walk(group, prefix: str):
        # list_commands/get_command, not .commands: the report commands are made on demand
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            full = f"{prefix} {name}"
            yield full, command
            if isinstance(command, click.Group):
                yield from walk(command, full)

    walked = dict(walk(main, "spf-desktop"))
    assert "spf-desktop report questionnaire" in walked
    for full, command in walked.items():
        assert command.help, f"{full} has no help text"
        assert re.search(rf"`{re.escape(full)}\b", readme), f"README does not document `{full}`"
    for option in ("--self-test", "--version", "--db"):
        assert option in readme


@pytest.mark.slow
def test_module_and_self_test_run_in_a_real_process(demo_path: Path, home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SPF_DESKTOP_HOME": str(home)}
    version = subprocess.run([sys.executable, "-m", "spf_desktop", "--version"],
                             capture_output=True, text=True, env=env, check=True)
    assert __version__ in version.stdout
    result = subprocess.run([sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(demo_path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^first window \d+\.\d{3} s$", result.stdout, re.M)
    assert all(f"view {v}: ok" in result.stdout for v in ("Archive", "Audit", "Agenda", "Reports"))


@pytest.mark.slow
def test_self_test_fails_on_a_damaged_archive(tmp_path: Path, home: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SPF_DESKTOP_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(bad)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0
    assert "not an SPF Desktop archive" in result.stderr
    assert "Traceback" not in result.stderr
