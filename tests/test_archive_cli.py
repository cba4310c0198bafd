"""The archive's commands: import, export, search and purge, each with --help."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from archive_helpers import digest, forms_rows, question_texts, round_by_label, write_xlsx
from helpers import run_cli

from spf_desktop.store import Archive, repo

run = run_cli  # the shared runner (tests/helpers.py)


@pytest.fixture
def ids(demo_path: Path) -> dict[str, str]:
    with Archive.open(demo_path, read_only=True) as arch:
        base = round_by_label(arch.db, "Baseline")
        return {"forum": repo.forums(arch.db)[0]["id"], "round": base["id"],
                "meeting": repo.meetings(arch.db)[0]["id"],
                "texts": question_texts(arch.db, base["id"])}


@pytest.mark.parametrize("command", [["import"], ["export"], ["export", "merge"],
                                     ["export", "answers"], ["export", "results"], ["search"],
                                     ["purge"]])
def test_every_archive_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert len(result.output.split("\n\n")[1].strip()) > 20


def test_import_a_forms_workbook_into_a_new_round_then_results_csv(demo_path: Path, ids,
                                                                   tmp_path: Path) -> None:
    scores = [[(n + q) % 11 for q in range(10)] for n in range(6)]
    file = write_xlsx(tmp_path / "forms.xlsx", forms_rows(ids["texts"], scores))
    result = run("import", str(file), "--scale", "0-10", "--forum", ids["forum"], "--new-round", "Audit 2016",
                 "--date", "2016-05-03", "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    assert "Imported 6 responses" in result.output
    round_id = result.output.strip().splitlines()[-1].split(": ")[1]
    out = tmp_path / "results.csv"
    assert run("export", "results", "--round", round_id, "--out", str(out), "--db",
               str(demo_path)).exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1][1] == "Do we work from shared values?" and rows[1][2] == "6"


def test_import_with_a_column_mapped_by_hand(demo_path: Path, ids, tmp_path: Path) -> None:
    rows = forms_rows(ids["texts"], [[5] * 10] * 5)
    rows[0][7] = "Respect"  # question 3, column H
    file = write_xlsx(tmp_path / "forms.xlsx", rows)
    bad = run("import", str(file), "--scale", "0-10", "--round", ids["round"], "--db", str(demo_path))
    assert bad.exit_code == 1 and "no column for question 3" in bad.output
    good = run("import", str(file), "--scale", "0-10", "--round", ids["round"], "--column", "3=H",
               "--db", str(demo_path))
    assert good.exit_code == 0, good.output
    assert "Imported 5 responses" in good.output


def test_a_bad_score_is_an_error_naming_file_row_and_column(demo_path: Path, ids,
                                                             tmp_path: Path) -> None:
    rows = forms_rows(ids["texts"], [[5] * 10] * 5)
    rows[3][6] = "seven"
    file = write_xlsx(tmp_path / "forms.xlsx", rows)
    before = digest(demo_path)
    result = run("import", str(file), "--scale", "0-10", "--round", ids["round"], "--db", str(demo_path))
    assert result.exit_code == 1
    assert 'Error: Nothing was imported' in result.output
    assert 'forms.xlsx: row 4, column G ("Do colleagues walk in each other\'s shoes?"): "seven" is not a number' in result.output
    assert digest(demo_path) == before


def test_export_merge_then_import_it_elsewhere(demo_path: Path, ids, tmp_path: Path) -> None:
    out = tmp_path / "forum.spfmerge"
    assert run("export", "merge", "--forum", ids["forum"], "--out", str(out),
               "--db", str(demo_path)).exit_code == 0
    other = tmp_path / "other.db"
    result = run("import", str(out), "--db", str(other))
    assert result.exit_code == 0, result.output
    assert 'Merged forum "East Midlands SPF"' in result.output and "No conflicts." in result.output
    again = run("import", str(out), "--db", str(other))
    assert "Added: nothing." in again.output
    both = run("export", "merge", "--forum", ids["forum"], "--round", ids["round"],
               "--out", str(out), "--db", str(demo_path))
    assert both.exit_code == 1 and "exactly one" in both.output


def test_export_answers_and_search(demo_path: Path, ids, tmp_path: Path) -> None:
    out = tmp_path / "answers.csv"
    result = run("export", "answers", "--round", ids["round"], "--out", str(out), "--comments",
                 "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) >= 21
    found = run("search", "cabaret", "--db", str(demo_path))
    assert 'meeting "Self-managed workshop meeting" (2018-09-20)' in found.output
    hits = json.loads(run("search", "trust", "--json", "--db", str(demo_path)).output)
    assert {"kind", "where", "snippet", "open_kind", "open_id"} <= set(hits[0])
    assert 'Nothing found for "zzzz"' in run("search", "zzzz", "--db", str(demo_path)).output


def test_purge_says_what_will_go_and_asks(demo_path: Path) -> None:
    before = digest(demo_path)
    answer_no = run("purge", "--older-than", "5", "--db", str(demo_path), input="n\n")
    assert "- Baseline (East Midlands SPF, 2017-01-19): 20 responses" in answer_no.output
    assert "Nothing was changed." in answer_no.output
    with Archive.open(demo_path, read_only=True) as arch:
        assert arch.db.execute("SELECT count(*) FROM responses").fetchone()[0] == 58
    done = run("purge", "--older-than", "5", "--yes", "--db", str(demo_path))
    assert "Purged 58 responses" in done.output
    assert digest(demo_path) != before
    with Archive.open(demo_path, read_only=True) as arch:
        assert arch.db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
        assert dict(arch.db.execute("SELECT round_label, overall_average FROM round_results")
                    .fetchall())["2019 audit"] == 8.61


def test_reports_still_show_the_figures_after_a_purge(demo_path: Path, ids, tmp_path: Path) -> None:
    from report_helpers import flat, pdf_text

    assert run("purge", "--older-than", "5", "--yes", "--db", str(demo_path)).exit_code == 0
    trend = tmp_path / "trend.pdf"
    result = run("report", "trend", "--forum", ids["forum"], "--out", str(trend),
                 "--db", str(demo_path))
    assert result.exit_code == 0, result.output
    text = flat(pdf_text(trend))
    assert "6.02" in text and "8.61" in text
    audit = tmp_path / "baseline.pdf"
    assert run("report", "audit", "--round", ids["round"], "--out", str(audit),
               "--db", str(demo_path)).exit_code == 0
    assert "6.02" in flat(pdf_text(audit))
