"""Adding things is one place: a throwaway report and a throwaway file format, each
registered in one line, show up in the command line, the Reports list and the import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportlab.platypus import Flowable
from sqlite_utils import Database

from spf_desktop import reports
from spf_desktop.io import spreadsheets
from spf_desktop.io.responses_import import sheet_from_rows
from spf_desktop.reports import ReportKind, available_reports
from spf_desktop.reports.styles import PageInfo, Progress, Styles, para
from spf_desktop.store import Archive, repo

# -- a throwaway report: this module is its module ---------------------------------


def story(db: Database, forum_id: str, st: Styles, progress: Progress,
          **options: object) -> tuple[list[Flowable], PageInfo]:
    """The whole of a report: a forum's name on one page."""

    forum = repo.require(db, "forums", forum_id)
    return [para(f"This card is for {forum['name']}.", st.body)], PageInfo("Forum card", forum["name"], "")


@pytest.fixture
def forum_card():
    kind = reports.register(ReportKind(
        "forum-card", "Forum card", "forum", "The forum's name on one page.", "forum-card",
        module=__name__, not_ready=lambda db, forum_id: ""))
    yield kind
    reports.unregister(kind.key)
    assert "forum-card" not in reports.REPORT_KINDS


def test_a_registered_report_is_a_cli_command_and_in_the_reports_list(
        forum_card, cli, demo_path: Path, tmp_path: Path) -> None:
    listing = cli("report", "--help")
    assert listing.exit_code == 0 and "forum-card" in listing.output
    help_text = cli("report", "forum-card", "--help").output
    assert "--forum ID" in help_text and "The forum's id." in help_text
    assert "--copies" not in help_text  # it did not declare copies
    with Archive.open(demo_path, read_only=True) as arch:
        forum_id = repo.forums(arch.db)[0]["id"]
        titles = [c.title for c in available_reports(arch.db, "forum", forum_id)]
    assert titles == ["Trend report: East Midlands SPF",
                      "Running the audit in a room: East Midlands SPF",
                      "Forum card: East Midlands SPF"]
    out = tmp_path / "card.pdf"
    made = cli("report", "forum-card", "--forum", forum_id, "--out", out, "--db", demo_path)
    assert made.exit_code == 0, made.output
    assert out.read_bytes().startswith(b"%PDF")
    refused = cli("report", "forum-card", "--forum", "nope", "--out", out, "--db", demo_path,
                  "--force")
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: There is no forum with id nope in this archive.")


def test_an_unregistered_report_is_gone_from_the_cli(cli) -> None:
    assert "forum-card" not in cli("report", "--help").output
    assert cli("report", "forum-card", catch_exceptions=True).exit_code == 2


def test_the_reports_view_list_honours_what_each_report_needs(demo) -> None:
    """A round offers the round reports, then its meeting's, then its forum's: by declaration."""
    rnd = next(r for r in repo.rounds(demo.db) if r["meeting_id"])
    choices = available_reports(demo.db, "round", rnd["id"])
    needs = [reports.REPORT_KINDS[c.kind].needs for c in choices]
    assert needs == sorted(needs, key=("round", "meeting", "forum").index)
    assert {c.kind for c in choices} == set(reports.REPORT_KINDS)
    assert [c.takes_copies for c in choices if c.kind == "questionnaire"] == [True]


# -- a throwaway file format: JSON lines, one list of cells a line ----------------------

def read_json_lines(path: Path, data: bytes, sheet_name: str | None) -> spreadsheets.Sheet:
    rows = [tuple(json.loads(line)) for line in data.decode("utf-8").splitlines() if line.strip()]
    return sheet_from_rows(path, rows, "JSON lines file")


@pytest.fixture
def json_lines():
    spreadsheets.register_reader("jsonl", read_json_lines, extensions=(".jsonl",))
    yield
    spreadsheets.unregister_reader("jsonl")
    assert "jsonl" not in [r.name for r in spreadsheets.readers()]


def test_a_registered_reader_imports_its_format(json_lines, cli, demo_path: Path,
                                                tmp_path: Path) -> None:
    with Archive.open(demo_path) as arch:
        forum_id = repo.forums(arch.db)[0]["id"]
        baseline = next(r for r in repo.rounds(arch.db) if r["label"] == "Baseline")
        texts = [q["text"] for q in repo.questions(arch.db, baseline["question_set_id"])]
    file = tmp_path / "answers.jsonl"
    lines = [["Email", *texts], ["a@example.org", *[7] * len(texts)],
             ["b@example.org", *[5] * len(texts)], ["c@example.org", *[None] * len(texts)]]
    file.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    result = cli("import", file, "--forum", forum_id, "--new-round", "From JSON", "--date",
                 "2020-01-01", "--scale", "0-10", "--db", demo_path)
    assert result.exit_code == 0, result.output
    assert "Imported 2 responses from answers.jsonl (JSON lines file)" in result.output
    assert ".jsonl" in spreadsheets.known_extensions()
    assert "a@example.org" not in result.output


def test_without_its_reader_the_format_is_read_as_text(tmp_path: Path) -> None:
    file = tmp_path / "answers.jsonl"
    file.write_text('["x"]\n', encoding="utf-8")
    assert spreadsheets.reader_for(file, file.read_bytes()).name == spreadsheets.FALLBACK
    assert spreadsheets.known_extensions() == [".csv", ".tsv", ".txt", ".xlsx", ".zip"]
