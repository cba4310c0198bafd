"""The national view's --force replaces only an earlier national view: never an
archive, a backup or another file; its files are the owner's alone; and a file
name too long for any system is a message, not a traceback."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from bench_helpers import add_forum, uniform

from spf_desktop.io import benchmark_file
from spf_desktop.paths import resource
from spf_desktop.store import Archive
from spf_desktop.store.backups import backup_dir, make_backup


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def forum_archive(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "home" / "archive.db"
    path.parent.mkdir(exist_ok=True)
    with Archive.open(path, create=True, backup=False) as arch:
        forum_id, _ = add_forum(arch.db, "Riverside SPF", [("2020-01-01", uniform(6, 7)),
                                                           ("2021-01-01", uniform(7, 8))])
    return path, forum_id


def test_force_never_replaces_an_archive_or_its_backup(forum_archive, tmp_path: Path, cli):
    archive, _ = forum_archive
    backup = make_backup(archive)
    assert backup is not None and backup.parent == backup_dir(archive)
    files = sorted(resource("demo", "benchmarks").glob("*.spfbench"))[:2]
    for target in (archive, backup):
        before = _digest(target)
        result = cli("national", "build", *files, "--out", target, "--force",
                     catch_exceptions=True)
        assert result.exit_code != 0
        assert "never replaced" in result.output or "never" in result.output, result.output
        assert _digest(target) == before
        assert not (target.parent / "metadata.json").exists()
    with Archive.open(archive, backup=False) as arch:  # still the archive it was
        assert arch.db["rounds"].count == 2


def test_force_replaces_an_earlier_national_view_owner_only(tmp_path: Path, cli):
    files = sorted(resource("demo", "benchmarks").glob("*.spfbench"))
    out = tmp_path / "national.db"
    assert cli("national", "build", *files[:2], "--out", out).exit_code == 0
    again = cli("national", "build", *files, "--out", out, "--force")
    assert again.exit_code == 0, again.output
    if os.name == "posix":
        for made in (out, tmp_path / "metadata.json"):
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    other = tmp_path / "notes.db"
    other.write_bytes(out.read_bytes()[:100] + b"not a view")
    refused = cli("national", "build", *files, "--out", other, "--force", catch_exceptions=True)
    assert refused.exit_code != 0 and "never replaced" in refused.output


def test_a_file_name_too_long_for_any_system_is_a_message(forum_archive, tmp_path: Path, cli):
    archive, forum_id = forum_archive
    name = "r" * 300
    with Archive.open(archive, backup=False) as arch:
        round_id = arch.db.execute("SELECT id FROM rounds ORDER BY date DESC").fetchone()[0]
    before = _digest(archive)
    commands = [
        ("export", "results", "--round", round_id, "--out", tmp_path / f"{name}.csv"),
        ("export", "benchmark", "--forum", forum_id, "--out", tmp_path / f"{name}.spfbench"),
        ("backup", "--out", tmp_path / f"{name}.db"),
        ("report", "audit", "--round", round_id, "--out", tmp_path / f"{name}.pdf"),
    ]
    for args in commands:
        result = cli(*args, "--db", archive, catch_exceptions=True)
        assert result.exit_code != 0, args
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, result.exception)
        assert "Choose a shorter file name" in result.output, (args, result.output)
    national = cli("national", "build", *sorted(resource("demo", "benchmarks").glob(
        "*.spfbench"))[:2], "--out", tmp_path / f"{name}.db", catch_exceptions=True)
    assert "Choose a shorter file name" in national.output
    folder = tmp_path / ("d" * 300) / "x.csv"  # a folder name no disk takes
    result = cli("export", "results", "--round", round_id, "--out", folder, "--db", archive,
                 catch_exceptions=True)
    assert result.exit_code != 0 and result.exception is None or isinstance(
        result.exception, SystemExit), result.exception
    assert "Choose a folder with a shorter name" in result.output
    assert _digest(archive) == before
    assert not any(len(p.name) > 255 for p in tmp_path.iterdir())


def test_benchmark_export_of_a_forum_made_here_is_read_back(forum_archive, tmp_path: Path):
    archive, forum_id = forum_archive
    with Archive.open(archive, backup=False) as arch:
        out = benchmark_file.export(arch.db, forum_id, tmp_path / "f.spfbench")
    assert benchmark_file.read(out).content["rounds"]
