"""Saving where the user cannot write: found out by writing, told plainly, at once.

On Windows ``os.access(folder, os.W_OK)`` is true for every folder, so each test
here makes ``os.access`` say yes to everything, as Windows does: a check that
leans on it lets the write through, and the test fails. The read-only folders
are real (``readonly_folder``: a read-only filesystem as root, mode 0555
otherwise); nothing of SQLite or reportlab is mocked.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

import pytest
from audit_helpers import three_question_round
from conftest import file_hash
from helpers import run_cli

from spf_desktop.domain.errors import UserError
from spf_desktop.store import Archive, atomic, repo, writable
from spf_desktop.store.archive import ArchiveLocationError


@pytest.fixture
def windows_access(monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.access`` as Windows answers it for a folder: always writable."""
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: True)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own, so nothing else the test made is in it."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- reports, exports and backups into a read-only folder --------------------------

def test_a_report_into_a_read_only_folder_is_refused_plainly(
        windows_access, readonly_folder, archive_path: Path) -> None:
    Archive.open(archive_path, create=True).close()
    folder = readonly_folder()
    result = run_cli("report", "quickstart", "--out", folder / "checklist.pdf",
                     "--db", archive_path)
    assert result.exit_code == 1
    assert result.output == (f"Error: The folder {folder} is read-only, so the PDF cannot be "
                             "saved there. Choose another folder.\n")
    assert listing(folder) == set()


def test_make_report_refuses_before_any_work(windows_access, readonly_folder) -> None:
    from spf_desktop.reports import make_report
    from spf_desktop.reports.styles import ReportError

    folder = readonly_folder()
    steps: list[str] = []
    with pytest.raises(ReportError, match="is read-only, so the PDF cannot be saved there"):
        make_report("quickstart", None, "", folder / "a.pdf",
                    progress=lambda _f, text="": steps.append(text))
    assert steps == []  # refused before a page was laid out
    assert listing(folder) == set()


def test_a_backup_into_a_read_only_folder_is_refused_plainly(
        windows_access, readonly_folder, archive) -> None:
    folder = readonly_folder()
    with pytest.raises(ArchiveLocationError) as info:
        archive.backup_to(folder / "copy.db")
    assert str(info.value) == (f"The folder {folder} is read-only, so the backup cannot be "
                               "saved there. Choose another folder.")
    assert listing(folder) == set()


def test_the_backup_command_into_a_read_only_folder_is_refused_plainly(
        windows_access, readonly_folder, archive_path: Path) -> None:
    Archive.open(archive_path, create=True).close()
    before = file_hash(archive_path)
    folder = readonly_folder()
    result = run_cli("backup", "--db", archive_path, "--out", folder / "copy.db")
    assert result.exit_code == 1
    assert "is read-only, so the backup cannot be saved there" in result.output
    assert file_hash(archive_path) == before
    assert listing(folder) == set()


@pytest.mark.parametrize("writer", ["csv", "merge", "question set"])
def test_exports_into_a_read_only_folder_are_refused_plainly(
        windows_access, readonly_folder, archive, writer: str) -> None:
    round_id, _ = three_question_round(archive.db, status="closed")
    folder = readonly_folder()
    with pytest.raises(UserError, match=f"The folder {re.escape(str(folder))} is read-only, so .* cannot be "
                                        "saved there. Choose another folder."):
        if writer == "csv":
            from spf_desktop.io import csv_export

            csv_export.export_results(archive.db, round_id, folder / "results.csv")
        elif writer == "merge":
            from spf_desktop.io import merge

            merge.export(archive.db, "round", round_id, folder / "round.spf-merge.json")
        else:
            from spf_desktop.domain.questions import Question, QuestionSet
            from spf_desktop.io.question_set_file import write_question_set

            write_question_set(folder / "set.spf-questions.json",
                               QuestionSet("Set", (Question("a", "Do we listen?"),)))
    assert listing(folder) == set()


# -- the archive itself in a read-only folder --------------------------------------

def test_an_archive_in_a_read_only_folder_is_refused_plainly_and_untouched(
        windows_access, readonly_folder, archive_path: Path) -> None:
    Archive.open(archive_path, create=True).close()
    folder = readonly_folder(archive_path)
    copy = folder / archive_path.name
    before = file_hash(copy)
    with pytest.raises(ArchiveLocationError) as info:
        Archive.open(copy)
    assert str(info.value) == (f"The folder {folder} is read-only, so the archive cannot be "
                               "saved there. Choose another folder, or open the archive "
                               "read-only.")
    assert file_hash(copy) == before
    assert listing(folder) == {archive_path.name}
    with Archive.open(copy, read_only=True) as arch:  # reading still works
        assert arch.read_only


def test_a_new_archive_in_a_read_only_folder_is_refused_plainly(
        windows_access, readonly_folder) -> None:
    folder = readonly_folder()
    with pytest.raises(ArchiveLocationError, match="is read-only, so the archive cannot be saved"):
        Archive.open(folder / "new.db", create=True)
    assert listing(folder) == set()


def test_the_lock_in_a_read_only_folder_is_told_plainly_not_in_filelock_words(
        monkeypatch: pytest.MonkeyPatch, readonly_folder) -> None:
    """Should the folder check ever pass, the lock file still cannot be made:
    the user reads the app's words, not "Cannot lock ...: Access denied"."""
    from spf_desktop.store import archive as archive_module

    monkeypatch.setattr(archive_module, "check_writable", lambda *args, **kwargs: None)
    folder = readonly_folder()
    with pytest.raises(ArchiveLocationError) as info:
        Archive.open(folder / "new.db", create=True)
    assert str(info.value) == (f"The folder {folder} is read-only, so new.db cannot be opened "
                               "for changes there (it needs a lock file beside it). Open it "
                               "read-only, or copy it somewhere you can write.")
    assert "Cannot lock" not in str(info.value)


def test_the_folder_check_creates_and_removes_a_file(out: Path) -> None:
    writable.check_writable(out, "the PDF")
    assert listing(out) == set()


# -- no loop on PermissionError ----------------------------------------------------

class CountingOpen:
    """``os.open`` that refuses every file in one folder, counting the attempts, and
    stops a retry loop after 50 (Windows' mkstemp would go on 2**31 times)."""

    def __init__(self, folder: Path, error: type[OSError]) -> None:
        self.folder = str(folder)
        self.error = error
        self.calls = 0
        self.real = os.open

    def __call__(self, path, flags, mode=0o777, *args, **kwargs):
        if os.path.dirname(os.fspath(path)) != self.folder:
            return self.real(path, flags, mode, *args, **kwargs)
        self.calls += 1
        if self.calls > 50:
            raise RuntimeError("still retrying after 50 attempts")
        raise self.error(errno.EACCES if self.error is PermissionError else errno.EEXIST,
                         "refused", os.fspath(path))


@pytest.mark.parametrize("write", ["bytes", "path"])
def test_a_permission_error_fails_an_atomic_write_at_once(
        windows_access, monkeypatch: pytest.MonkeyPatch, out: Path, write: str) -> None:
    opener = CountingOpen(out, PermissionError)
    monkeypatch.setattr(os, "open", opener)
    with pytest.raises(writable.CannotWrite) as info:
        if write == "bytes":
            atomic.write_bytes(out / "a.pdf", b"data")
        else:
            with atomic.atomic_path(out / "a.db"):
                pass
    assert opener.calls == 1
    assert str(info.value).startswith(f"The folder {out} is read-only")
    monkeypatch.undo()
    assert listing(out) == set()


def test_name_clashes_are_retried_a_few_times_only(monkeypatch: pytest.MonkeyPatch,
                                                   out: Path) -> None:
    opener = CountingOpen(out, FileExistsError)
    monkeypatch.setattr(os, "open", opener)
    with pytest.raises(writable.CannotWrite):
        atomic.write_bytes(out / "a.pdf", b"data")
    assert opener.calls == writable.NAME_TRIES


def test_nothing_in_the_app_uses_tempfile_or_os_access_for_the_users_folders() -> None:
    import spf_desktop

    root = Path(spf_desktop.__file__).parent
    offenders = []
    for source in root.rglob("*.py"):
        if source.name == "writable.py":  # it says why it does not
            continue
        text = source.read_text(encoding="utf-8")
        for word in ("os.access(", "mkstemp(", "NamedTemporaryFile(", "W_OK"):
            if word in text:
                offenders.append(f"{source.relative_to(root)}: {word}")
    assert offenders == []


# -- paths longer than Windows allows ----------------------------------------------

@pytest.fixture
def windows_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """MAX_PATH as on a Windows laptop without long paths enabled."""
    limit = writable.MAX_PATH - 1
    monkeypatch.setattr(writable, "windows_path_limit", lambda: limit)
    return limit


def long_folder(tmp_path: Path) -> Path:
    folder = tmp_path
    while len(str(folder)) < 270:
        folder = folder / ("a long folder name " * 3).strip()
    folder.mkdir(parents=True)
    return folder


def test_a_report_to_a_path_too_long_for_windows_names_it_and_says_what_to_do(
        windows_limit: int, tmp_path: Path, archive_path: Path) -> None:
    Archive.open(archive_path, create=True).close()
    folder = long_folder(tmp_path)
    out = folder / "checklist.pdf"
    result = run_cli("report", "quickstart", "--out", out, "--db", archive_path)
    assert result.exit_code == 1
    allowed = windows_limit - atomic.TEMP_EXTRA
    assert result.output == (f"Error: The path {out} is {len(str(out))} characters long; "
                             f"Windows allows at most {allowed} here. Choose a folder with a "
                             "shorter path (such as Documents) or a shorter file name.\n")
    assert listing(folder) == set()


@pytest.mark.parametrize("what", ["backup", "csv", "archive"])
def test_backups_exports_and_archives_too_long_for_windows_are_refused(
        windows_limit: int, tmp_path: Path, archive, what: str) -> None:
    folder = long_folder(tmp_path)
    with pytest.raises(UserError, match="characters long; Windows allows at most"):
        if what == "backup":
            archive.backup_to(folder / "copy.db")
        elif what == "csv":
            from spf_desktop.io import csv_export

            round_id, _ = three_question_round(archive.db, status="closed")
            csv_export.export_results(archive.db, round_id, folder / "results.csv")
        else:
            Archive.open(folder / "archive.db", create=True)
    assert listing(folder) == set()


def test_long_paths_are_fine_where_the_system_allows_them(tmp_path: Path) -> None:
    if writable.windows_path_limit() is not None:
        pytest.skip("this Windows limits paths to MAX_PATH")
    folder = long_folder(tmp_path)
    assert atomic.write_bytes(folder / "a.pdf", b"data").read_bytes() == b"data"


# -- a folder that goes away mid-write (a network drive, a USB stick) ---------------

def test_a_report_folder_that_vanishes_while_the_report_is_made_is_told_plainly(
        tmp_path: Path) -> None:
    from spf_desktop.reports import make_report
    from spf_desktop.reports.styles import ReportError

    drive = tmp_path / "drive"
    drive.mkdir()

    def progress(fraction: float, text: str = "") -> None:
        if text == "Saving the PDF":
            drive.rename(tmp_path / "disconnected")

    with pytest.raises(ReportError) as info:
        make_report("quickstart", None, "", drive / "a.pdf", progress=progress)
    assert str(info.value) == (f"The folder {drive} does not exist. Choose a folder that exists "
                               "for the PDF.")
    assert listing(tmp_path / "disconnected") == set()  # no partial file either


def test_an_atomic_write_whose_folder_vanishes_mid_write_is_told_plainly(tmp_path: Path) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / "a.csv").write_bytes(b"old")
    with pytest.raises(writable.CannotWrite) as info, atomic.atomic_open(drive / "a.csv") as fh:
        fh.write(b"new")
        drive.rename(tmp_path / "disconnected")
    assert str(info.value) == (f"Could not save {drive / 'a.csv'}: the folder {drive} is no "
                               "longer there (was a network drive or a USB stick "
                               "disconnected?). Reconnect it, or choose another folder.")
    # The old file is whole; only the temporary file is left on the drive that went away.
    assert (tmp_path / "disconnected" / "a.csv").read_bytes() == b"old"
    assert {p.suffix for p in (tmp_path / "disconnected").iterdir()} <= {".csv", ".part"}


def test_an_archive_whose_folder_goes_away_says_so_and_loses_nothing(tmp_path: Path) -> None:
    """A new connection to the archive (a worker's, a backup's) cannot open it once its
    folder is gone: the message is a plain one, and when the folder comes back
    everything saved before is there and nothing half-written is."""
    from spf_desktop.gui.errors import plain_message

    drive = tmp_path / "drive"
    drive.mkdir()
    path = drive / "archive.db"
    archive = Archive.open(path, create=True, backup=False)
    forum = repo.create_forum(archive.db, "Before the drive went")
    drive.rename(tmp_path / "disconnected")
    try:
        with pytest.raises(UserError) as info:
            worker = archive.worker_database()
            repo.create_forum(worker, "While the drive was gone")
        assert plain_message(info.value) == (
            f"{path} can no longer be reached (was a USB stick removed, or a network drive "
            "disconnected?). Put it back or reconnect it, and try again; nothing already "
            "saved has been lost.")
        assert not path.exists()  # no new empty archive was made in its place
        with pytest.raises(ArchiveLocationError, match="does not exist"):
            archive.backup_to(drive / "copy.db")
    finally:
        (tmp_path / "disconnected").rename(drive)
        archive.close()
    with Archive.open(path, backup=False) as again:
        assert [f["id"] for f in repo.forums(again.db)] == [forum]
        assert again.integrity_problems() == []


# -- two people on one laptop -------------------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="the XDG data folders are Linux's; "
                    "the Windows folders are the next test")
def test_each_user_has_a_data_folder_of_their_own(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    from spf_desktop import paths

    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    folders = {}
    for user in ("alice", "bob"):
        monkeypatch.setenv("HOME", str(tmp_path / user))
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / user / ".local" / "share"))
        folders[user] = paths.default_archive()
    assert folders["alice"] != folders["bob"]
    for user, archive in folders.items():
        assert (tmp_path / user) in archive.parents
        assert archive.parent.name == "SPF Desktop"


def test_on_windows_the_data_folder_is_in_each_users_local_app_data(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Local, not roaming: an archive is never copied round a roaming profile."""
    import platformdirs
    from platformdirs.windows import Windows

    from spf_desktop import paths

    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_path",
                        lambda *args, **kwargs: Windows(*args, **kwargs).user_data_path)
    folders = {}
    for user in ("alice", "bob"):
        monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", rf"C:\Users\{user}\AppData\Local")
        monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", rf"C:\Users\{user}\AppData\Roaming")
        folders[user] = str(paths.data_dir())
    assert folders["alice"] != folders["bob"]
    for user, folder in folders.items():
        assert folder.startswith(rf"C:\Users\{user}\AppData\Local")
        assert folder.endswith("SPF Desktop")
        assert "Roaming" not in folder


def test_the_default_data_folder_is_made_private(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    from spf_desktop import paths

    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "alice"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "alice" / ".local" / "share"))
    result = run_cli("list", "forums")
    assert result.exit_code in (0, 1), result.output
    folder = paths.data_dir()
    assert folder.is_dir()
    if os.name == "posix":
        assert folder.stat().st_mode & 0o777 == 0o700
