"""The one atomic file writer: whole or absent, never half a file, no litter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spf_desktop.store import atomic


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own, so nothing else the test made is in it."""
    out = tmp_path / "out"
    out.mkdir()
    return out


class Boom(Exception):
    """A failure in the middle of writing (a full disk, a report that cannot be built)."""


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary_file(folder: Path) -> None:
    target = folder / "report.pdf"
    target.write_bytes(b"the old report")
    with pytest.raises(Boom), atomic.atomic_open(target) as fh:
        fh.write(b"half of the new")
        raise Boom
    assert target.read_bytes() == b"the old report"
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]


def test_a_failure_in_a_writer_that_needs_a_path_is_cleaned_up_too(folder: Path) -> None:
    target = folder / "copy.db"
    with pytest.raises(Boom), atomic.atomic_path(target) as tmp:
        tmp.write_bytes(b"partial")
        raise Boom
    assert list(folder.iterdir()) == []


def test_a_complete_write_replaces_the_file_readable_by_its_owner_only(folder: Path) -> None:
    target = folder / "answers.csv"
    target.write_text("old")
    assert atomic.write_text(target, "a,b\r\n", encoding="utf-8-sig", newline="") == target
    assert target.read_bytes() == "a,b\r\n".encode("utf-8-sig")
    if os.name == "posix":  # an export holds answers: nobody else on the laptop reads it
        assert os.stat(target).st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["answers.csv"]
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_folder_that_is_gone_is_an_os_error_and_writes_nothing(folder: Path) -> None:
    with pytest.raises(OSError):
        atomic.write_bytes(folder / "gone" / "x.pdf", b"data")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("writer", ["csv", "merge", "agenda"])
def test_every_exporter_goes_through_it(demo, folder: Path, monkeypatch: pytest.MonkeyPatch,
                                        writer: str) -> None:
    """Each exporter that fails half-way leaves the old file as it was."""
    from spf_desktop.store import repo

    target = folder / "out.file"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    rnd = repo.rounds(demo.db)[0]
    meeting = repo.meetings(demo.db)[0]
    with pytest.raises(Exception, match="No space left|Could not|Cannot"):
        if writer == "csv":
            from spf_desktop.io import csv_export

            csv_export.export_results(demo.db, rnd["id"], target)
        elif writer == "merge":
            from spf_desktop.io import merge

            merge.export(demo.db, "round", rnd["id"], target)
        else:
            from spf_desktop.io.agenda_file import export_meeting

            export_meeting(demo.db, meeting["id"], target)
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["out.file"]
