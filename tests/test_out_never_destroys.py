"""No command's --out can destroy the archive, its companions or its backups, and no
existing file is replaced without --force: tried with every command that writes a
file, as someone would by mistake (or on purpose)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from spf_desktop.domain.agenda import Meeting
from spf_desktop.store import Archive, agenda, audit, repo
from spf_desktop.store.backups import backup_dir, make_backup
from spf_desktop.store.shipped import shipped_set_id


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def made(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "archive.db"
    with Archive.open(path, create=True) as arch:
        forum = repo.create_forum(arch.db, "Riverside SPF")
        meeting = agenda.create_meeting(arch.db, forum, Meeting("Spring forum", date="2026-03-01"))
        audit.create_audit_round(arch.db, forum, shipped_set_id(), "Spring", "2026-03-01")
    backup = make_backup(path)
    return {"path": path, "forum": forum, "meeting": meeting, "backup": backup}


def commands(made: dict[str, object], out: Path) -> dict[str, list[str]]:
    db = str(made["path"])
    return {
        "agenda export": ["agenda", "export", str(made["meeting"]), "--out", str(out), "--db", db],
        "report trend": ["report", "trend", "--forum", str(made["forum"]), "--out", str(out),
                          "--db", db],
        "report quickstart": ["report", "quickstart", "--out", str(out), "--db", db],
        "export merge": ["export", "merge", "--forum", str(made["forum"]), "--out", str(out),
                         "--db", db],
    }


@pytest.mark.parametrize("command", ["agenda export", "report trend", "report quickstart",
                                     "export merge"])
@pytest.mark.parametrize("target", ["archive", "wal", "backup"])
def test_out_never_names_the_archive_or_its_backups_even_with_force(
        cli, made, command: str, target: str) -> None:
    path: Path = made["path"]  # type: ignore[assignment]
    out = {"archive": path, "wal": path.with_name(path.name + "-wal"),
           "backup": made["backup"]}[target]
    if not out.exists():
        out.write_bytes(b"wal bytes an export must not touch")
    before = {p: digest(p) for p in [path, *backup_dir(path).iterdir()] if p.is_file()}
    for extra in ([], ["--force"]):
        result = cli(*commands(made, out)[command], *extra, catch_exceptions=False)
        assert result.exit_code != 0, result.output
        assert "never" in result.output
    after = {p: digest(p) for p in before}
    assert after == before


@pytest.mark.parametrize("command", ["agenda export", "report trend", "report quickstart",
                                     "export merge"])
def test_an_existing_file_is_replaced_only_with_force(cli, made, tmp_path: Path,
                                                      command: str) -> None:
    precious = tmp_path / "precious.xlsx"
    precious.write_bytes(b"the HR lead's spreadsheet")
    result = cli(*commands(made, precious)[command])
    assert result.exit_code != 0 and "already exists" in result.output
    assert precious.read_bytes() == b"the HR lead's spreadsheet"
    result = cli(*commands(made, precious)[command], "--force")
    assert result.exit_code == 0, result.output
    assert precious.read_bytes() != b"the HR lead's spreadsheet"


def test_the_writers_themselves_refuse_the_archive_whoever_calls_them(made) -> None:
    """The dialogs and workers call these directly, with no --out checks before them."""
    from spf_desktop.domain.errors import UserError
    from spf_desktop.io import merge
    from spf_desktop.io.agenda_file import export_meeting
    from spf_desktop.reports import make_report

    path: Path = made["path"]  # type: ignore[assignment]
    before = digest(path)
    with Archive.open(path) as arch:
        attempts = [
            lambda: export_meeting(arch.db, str(made["meeting"]), path),
            lambda: merge.export(arch.db, "forum", str(made["forum"]), path),
            lambda: make_report("quickstart", arch.db, str(made["forum"]), path),
            lambda: merge.export(arch.db, "forum", str(made["forum"]), made["backup"]),
        ]
        for attempt in attempts:
            with pytest.raises(UserError, match="never"):
                attempt()
    assert digest(path) == before
