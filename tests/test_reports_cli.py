"""`spf-desktop report ...`: every command, good and bad input, as a chair would type it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli
from report_helpers import flat, pdf_pages, pdf_text

from spf_desktop.store import Archive, repo

run = run_cli  # the shared runner (tests/helpers.py)


@pytest.fixture
def ids(demo_path: Path) -> dict[str, str]:
    """Record ids as 'spf-desktop list --json' prints them."""
    out: dict[str, str] = {}
    for what, key in (("forums", "name"), ("rounds", "label"), ("meetings", "title")):
        result = run("list", what, "--json", "--db", str(demo_path))
        out.update({row[key]: row["id"] for row in json.loads(result.output)})
    return out


@pytest.mark.parametrize(("command", "option", "record", "expected"), [
    ("audit", "--round", "Baseline", "6.02"),
    ("audit", "--round", "2019 audit", "+2.59"),
    ("trend", "--forum", "East Midlands SPF", "8.61"),
    ("agenda", "--meeting", "Self-managed workshop meeting", "12:00–12:45"),
    ("summary", "--meeting", "Self-managed workshop meeting", "+3 min"),
    ("questionnaire", "--round", "2019 audit", "Which side of the partnership are you on?"),
])
def test_each_report_command_writes_a_pdf(demo_path, ids, tmp_path, command, option, record,
                                          expected) -> None:
    out = tmp_path / f"{command}.pdf"
    result = run("report", command, option, ids[record], "--out", str(out), "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {out}"
    assert expected in flat(pdf_text(out))


def test_questionnaire_copies(demo_path, ids, tmp_path) -> None:
    out = tmp_path / "forms.pdf"
    result = run("report", "questionnaire", "--round", ids["Baseline"], "--copies", "4",
                 "--out", str(out), "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    assert pdf_pages(out) == 4
    bad = run("report", "questionnaire", "--round", ids["Baseline"], "--copies", "0",
              "--out", str(tmp_path / "none.pdf"), "--db", str(demo_path))
    assert bad.exit_code == 2 and "--copies" in bad.output
    assert not (tmp_path / "none.pdf").exists()


def test_the_archive_is_opened_read_only(demo_path, ids, tmp_path) -> None:
    """A report can be made while the app has the archive open (and locked)."""
    with Archive.open(demo_path):
        result = run("report", "trend", "--forum", ids["East Midlands SPF"],
                     "--out", str(tmp_path / "t.pdf"), "--db", str(demo_path))
    assert result.exit_code == 0, result.output


def _fails(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_ids(demo_path, tmp_path) -> None:
    for command, option, what in (("audit", "--round", "audit round"),
                                  ("trend", "--forum", "forum"),
                                  ("agenda", "--meeting", "meeting"),
                                  ("summary", "--meeting", "meeting"),
                                  ("questionnaire", "--round", "audit round")):
        result = run("report", command, option, "no-such-id", "--out",
                     str(tmp_path / "x.pdf"), "--db", str(demo_path))
        _fails(result, f"There is no {what} with id no-such-id")
    assert list(tmp_path.glob("*.pdf")) == []


def test_missing_and_read_only_output_folders(demo_path, ids, tmp_path, readonly_folder) -> None:
    result = run("report", "audit", "--round", ids["Baseline"], "--out",
                 str(tmp_path / "gone" / "a.pdf"), "--db", str(demo_path))
    _fails(result, f"The folder {tmp_path / 'gone'} does not exist")
    folder = readonly_folder()
    result = run("report", "audit", "--round", ids["Baseline"], "--out", str(folder / "a.pdf"),
                 "--db", str(demo_path))
    _fails(result, "is read-only, so the PDF cannot be saved there")
    assert list(folder.iterdir()) == []


def test_a_missing_archive(tmp_path) -> None:
    result = run("report", "trend", "--forum", "x", "--out", str(tmp_path / "t.pdf"),
                 "--db", str(tmp_path / "nothing.db"))
    _fails(result, "There is no archive at")
    assert not (tmp_path / "nothing.db").exists()


def test_a_round_with_no_responses_and_a_meeting_with_no_sections(demo_path, tmp_path) -> None:
    with Archive.open(demo_path) as archive:
        db = archive.db
        forum_id = repo.forums(db)[0]["id"]
        set_id = db.execute("SELECT id FROM question_sets LIMIT 1").fetchone()[0]
        round_id = repo.create_round(db, forum_id, set_id, "Autumn 2026", "2026-10-01")
        db["meetings"].insert({"id": "m-empty", "forum_id": forum_id, "title": "Planning day",
                               "date": "2026-10-01"})
    result = run("report", "audit", "--round", round_id, "--out", str(tmp_path / "a.pdf"),
                 "--db", str(demo_path))
    _fails(result, 'The round "Autumn 2026" (2026-10-01) has no responses yet')
    for command in ("agenda", "summary"):
        result = run("report", command, "--meeting", "m-empty", "--out",
                     str(tmp_path / "m.pdf"), "--db", str(demo_path))
        _fails(result, 'The meeting "Planning day" (2026-10-01) has no agenda sections yet')
    # a blank questionnaire for the new round is exactly what is wanted
    result = run("report", "questionnaire", "--round", round_id, "--out",
                 str(tmp_path / "q.pdf"), "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["q.pdf"]


def test_text_the_font_cannot_print(demo_path, tmp_path) -> None:
    with Archive.open(demo_path) as archive:
        meeting_id = repo.meetings(archive.db)[0]["id"]
        with archive.db.atomic():
            archive.db.execute("UPDATE agenda_sections SET lead = ? WHERE meeting_id = ? "
                               "AND position = 2", ["OD facilitator 🙂", meeting_id])
    out = tmp_path / "agenda.pdf"
    result = run("report", "agenda", "--meeting", meeting_id, "--out", str(out),
                 "--db", str(demo_path))
    _fails(result, "Agenda item 2's lead contains the character '🙂' (U+1F642")
    assert [p for p in tmp_path.iterdir() if ".pdf" in p.name] == []


def test_report_help_lists_every_report() -> None:
    result = run("report", "--help")
    assert result.exit_code == 0
    for command in ("audit", "trend", "agenda", "summary", "questionnaire"):
        assert command in result.output
    text = run("report", "audit", "--help").output
    assert "--round ID" in text and "--out FILE" in text and "--db FILE" in text
