"""Meeting and template files from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from spf_desktop.store import Archive, repo
from spf_desktop.store import agenda as store


def test_export_then_import_on_another_laptop(cli, demo_path: Path, archive_path: Path, tmp_path: Path) -> None:
    with Archive.open(demo_path) as arch:
        template = store.list_meetings(arch.db, None, templates=True)[0]["id"]
    out = tmp_path / "workshop.spf-agenda.json"
    result = cli(*["agenda", "export", template, "--out", str(out), "--db", str(demo_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["kind"] == "template"
    result = cli(*["agenda", "import", str(out), "--db", str(archive_path)])
    assert result.exit_code == 0, result.output
    assert 'Imported the template "Workshop-style forum meeting (Sep 2018)"' in result.output
    with Archive.open(archive_path) as arch:
        assert [t["sections"] for t in store.list_meetings(arch.db, None, templates=True)] == [8]


def test_a_bad_file_or_forum_is_refused_and_nothing_changes(cli, archive_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "minutes.txt"
    bad.write_text("Minutes of the meeting", encoding="utf-8")
    with Archive.open(archive_path) as arch:
        repo.create_forum(arch.db, "East Midlands SPF")
    result = cli(*["agenda", "import", str(bad), "--db", str(archive_path)])
    assert result.exit_code == 1
    assert "Error: minutes.txt is not an SPF Desktop meeting or template file" in result.output
    good = Path(__file__).resolve().parents[1] / "resources" / "templates" / "workshop-sep-2018.spf-agenda.json"
    result = cli(*["agenda", "import", str(good), "--forum", "nope", "--db", str(archive_path)])
    assert result.exit_code == 1 and "There is no forum with id nope" in result.output
    result = cli(*["agenda", "export", "nope", "--out", str(tmp_path / "x.json"),
                                       "--db", str(archive_path)])
    assert result.exit_code == 1 and "There is no meeting with id nope in this archive. 'spf-desktop list meetings' shows the ids." in result.output
    with Archive.open(archive_path) as arch:
        assert store.list_meetings(arch.db, None, templates=True) == []
