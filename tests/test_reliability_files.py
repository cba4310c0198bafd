"""Damaged files, read-only folders and a second copy of the app, through every
door a person uses: the commands and the app's own start (``--self-test --db``).

Each case asserts the message the person sees, that no traceback is shown, and
that the file is byte for byte as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import file_hash
from helpers import run_cli

from spf_desktop.store import Archive, repo

DAMAGE = ["truncated", "page overwritten", "not SQLite"]


def damage(path: Path, kind: str) -> Path:
    data = bytearray(path.read_bytes())
    if kind == "truncated":  # a copy to a USB stick cut off half way
        path.write_bytes(bytes(data[: len(data) // 2 + 100]))
    elif kind == "page overwritten":  # a failing disk: pages of the tables' b-trees
        page = int.from_bytes(data[16:18], "big")
        for n in (2, 3, 4):
            data[n * page: n * page + 300] = b"\x5a" * 300
        path.write_bytes(bytes(data))
    else:  # someone chose the minutes instead of the archive
        path.write_text("Minutes of the East Midlands SPF, 20 September 2018\n")
    return path


def folder_listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def app_env(home: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SPF_DESKTOP_HOME": str(home)}


def run_app(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spf_desktop", *args], capture_output=True,
                          text=True, env=app_env(home), timeout=120)


def forum_id(path: Path) -> str:
    with Archive.open(path, read_only=True) as arch:
        return repo.forums(arch.db)[0]["id"]


@pytest.mark.parametrize("kind", DAMAGE)
def test_every_command_refuses_a_damaged_archive_and_leaves_it_alone(
        demo_path: Path, tmp_path: Path, kind: str) -> None:
    forum = forum_id(demo_path)
    bad = damage(demo_path, kind)
    before = file_hash(bad)
    listing = folder_listing(bad.parent)
    commands = [
        ["check", "--db", str(bad)],
        ["list", "forums", "--db", str(bad)],
        ["report", "trend", "--forum", forum, "--out", str(tmp_path / "trend.pdf"), "--db", str(bad)],
        ["backup", "--out", str(tmp_path / "copy.db"), "--db", str(bad)],
        ["demo", "--no-gui", "--db", str(bad)],
    ]
    for args in commands:
        result = run_cli(*args, catch_exceptions=True)
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        words = "not an SPF Desktop archive" if kind == "not SQLite" else "is damaged"
        assert f"Error: {bad}" in result.output and words in result.output, (args, result.output)
        assert "has not been changed" in result.output
        assert "Traceback" not in result.output
    assert file_hash(bad) == before
    assert not (tmp_path / "trend.pdf").exists() and not (tmp_path / "copy.db").exists()
    # no -wal, -shm or journal was written beside the damaged file
    assert folder_listing(bad.parent) - listing <= {bad.name + ".lock"}


@pytest.mark.slow
@pytest.mark.parametrize("kind", DAMAGE)
def test_the_app_refuses_a_damaged_archive_with_a_message_not_a_traceback(
        demo_path: Path, home: Path, kind: str) -> None:
    bad = damage(demo_path, kind)
    before = file_hash(bad)
    result = run_app(["--self-test", "--db", str(bad)], home)
    assert result.returncode != 0
    words = "not an SPF Desktop archive" if kind == "not SQLite" else "is damaged"
    assert words in result.stderr and "has not been changed" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "view Archive: ok" not in result.stdout  # it never showed the damaged file's data
    assert file_hash(bad) == before


# -- a read-only folder (a locked-down share, a write-protected USB stick) -------

def test_reports_and_lists_work_from_a_read_only_folder(readonly_folder, demo_path: Path,
                                                         tmp_path: Path) -> None:
    forum = forum_id(demo_path)
    folder = readonly_folder(demo_path)
    archive = folder / demo_path.name
    before = file_hash(archive)
    result = run_cli("list", "forums", "--db", str(archive))
    assert result.exit_code == 0 and "East Midlands SPF" in result.output
    out = tmp_path / "trend.pdf"
    result = run_cli("report", "trend", "--forum", forum, "--out", out, "--db", archive)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    result = run_cli("demo", "--no-gui", "--db", str(archive))
    assert result.exit_code == 1
    assert "is read-only" in result.output and "Traceback" not in result.output
    assert file_hash(archive) == before


@pytest.mark.slow
def test_the_app_on_a_read_only_folder_says_so_and_changes_nothing(
        readonly_folder, demo_path: Path, home: Path) -> None:
    folder = readonly_folder(demo_path)
    archive = folder / demo_path.name
    before = file_hash(archive)
    result = run_app(["--self-test", "--db", str(archive)], home)
    assert result.returncode != 0
    assert "is read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_hash(archive) == before
    assert folder_listing(folder) == {demo_path.name}


# -- two copies of the app -------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sys
    from spf_desktop.store import Archive
    archive = Archive.open(sys.argv[1], backup=False)
    print("open", flush=True)
    sys.stdin.readline()
    archive.close()
""")


@pytest.mark.slow
def test_a_second_copy_of_the_app_is_told_the_archive_is_already_open(
        demo_path: Path, home: Path, tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_path)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=app_env(home))
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run_app(["--self-test", "--db", str(demo_path)], home)
        assert result.returncode != 0
        assert "already open in another copy of SPF Desktop" in result.stderr
        assert "Traceback" not in result.stderr
        cli_result = run_cli("demo", "--no-gui", "--db", str(demo_path))
        assert cli_result.exit_code == 1
        assert "already open in another copy" in cli_result.output
        # reading beside the open copy still works: a chair can print while the audit runs
        out = tmp_path / "trend.pdf"
        cli_result = run_cli("report", "trend", "--forum", forum_id(demo_path), "--out", out,
                             "--db", demo_path)
        assert cli_result.exit_code == 0, cli_result.output
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert holder.returncode == 0
    # once the first copy has closed, the app opens it again
    result = run_app(["--self-test", "--db", str(demo_path)], home)
    assert result.returncode == 0, result.stderr
