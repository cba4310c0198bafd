"""The printed help: the one-page quick-start "Running the audit in a room", and what the
trend report says for a forum that has only one round, both from a new, empty archive."""

from __future__ import annotations

from pathlib import Path

from report_helpers import flat, pdf_fonts, pdf_pages, pdf_text

from spf_desktop.domain.questions import load_question_set
from spf_desktop.paths import resource
from spf_desktop.reports import REPORT_KINDS, available_reports, make_report
from spf_desktop.store import Archive, audit, repo


def first_round(db, *, responses: int = 6) -> dict[str, str]:
    """A new forum's first round, made as the Audit view makes it, answered and closed."""
    forum_id = repo.create_forum(db, "Thames Valley SPF")
    sets = audit.question_sets(db)  # a new archive may already hold the shipped set
    set_id = sets[0]["id"] if sets else repo.install_question_set(
        db, load_question_set(resource("question_sets", "partnership_behaviours.json")))
    round_id = audit.create_audit_round(db, forum_id, set_id, "First audit", "2026-12-03")
    audit.open_round(db, round_id)
    qids = [q["id"] for q in repo.questions(db, set_id)]
    for n in range(responses):
        repo.add_response(db, round_id, {q: repo.Answer(5 + n % 3) for q in qids})
    audit.close_round(db, round_id)
    return {"forum": forum_id, "round": round_id}


# -- the quick-start ----------------------------------------------------------------

KEY_STEPS = ("Set the PIN", "Start participant mode", "Pass the laptop", "Leave with the PIN",
             "Facilitator: leave participant mode", "Screen the comments", "Close the round",
             "Close round", "Present the results", "Present")


def test_the_quick_start_is_one_page_with_the_key_steps_and_needs_no_archive(
        cli, tmp_path: Path) -> None:
    out = tmp_path / "quickstart.pdf"
    made = cli("report", "quickstart", "--out", out)  # no --forum, no --db, no archive at all
    assert made.exit_code == 0, made.output
    assert pdf_pages(out) == 1
    text = flat(pdf_text(out))
    assert "Running the audit in a room" in text
    for step in KEY_STEPS:
        assert step in text, step
    # in the order a facilitator does them
    order = [text.index(s) for s in ("Set the PIN", "Start participant mode", "Pass the laptop",
                                     "Leave with the PIN", "Close the round", "Present the results")]
    assert order == sorted(order)
    assert "Page 1 of 1" in text and "Help > User guide" in text
    assert pdf_fonts(out) and all(embedded for _name, embedded in pdf_fonts(out))


def test_the_quick_start_is_the_same_file_every_time(tmp_path: Path) -> None:
    one = make_report("quickstart", None, "", tmp_path / "one.pdf")
    two = make_report("quickstart", None, "", tmp_path / "two.pdf")
    assert one.read_bytes() == two.read_bytes()


def test_the_quick_start_carries_a_new_forums_name_and_marking_and_is_in_the_reports_list(
        cli, archive, archive_path: Path, tmp_path: Path) -> None:
    forum_id = repo.create_forum(archive.db, "Thames Valley SPF",
                                 protective_marking="OFFICIAL-SENSITIVE")
    titles = [c.title for c in available_reports(archive.db, "forum", forum_id) if c.enabled]
    assert "Running the audit in a room: Thames Valley SPF" in titles
    archive.close()
    out = tmp_path / "forum-quickstart.pdf"
    made = cli("report", "quickstart", "--forum", forum_id, "--out", out, "--db", archive_path)
    assert made.exit_code == 0, made.output
    text = flat(pdf_text(out))
    assert "Thames Valley SPF" in text and text.count("OFFICIAL-SENSITIVE") == 2
    assert pdf_pages(out) == 1
    refused = cli("report", "quickstart", "--forum", "nope", "--out", out, "--db", archive_path,
                  "--force")
    assert refused.exit_code == 1 and "There is no forum with id nope" in refused.output


def test_only_a_report_that_says_so_can_be_made_without_a_record(cli, tmp_path: Path) -> None:
    assert [k for k, kind in REPORT_KINDS.items() if kind.record_optional] == ["quickstart"]
    refused = cli("report", "trend", "--out", tmp_path / "t.pdf")
    assert refused.exit_code == 2 and "--forum" in refused.output


# -- the trend report of a forum with one round ---------------------------------------

def test_a_trend_of_one_round_says_a_trend_needs_two_rounds(cli, archive_path: Path,
                                                            tmp_path: Path) -> None:
    with Archive.open(archive_path, create=True) as new:  # a new, empty archive
        assert repo.forums(new.db) == []
        ids = first_round(new.db)
        ready = {c.kind: c.reason for c in available_reports(new.db, "forum", ids["forum"])}
        assert ready["trend"] == ""  # offered, and it says why there is no trend
    out = tmp_path / "trend.pdf"
    made = cli("report", "trend", "--forum", ids["forum"], "--out", out, "--db", archive_path)
    assert made.exit_code == 0, made.output
    text = flat(pdf_text(out))
    assert "A trend needs at least two audit rounds, and this forum has one so far." in text
    assert "1 audit round," in text and "First audit" in text and "6" in text
    # no empty charts or per-question tables
    for absent in ("By question", "Mean score by question", "Overall average By"):
        assert absent not in text
    assert pdf_pages(out) == 1


def test_a_trend_with_one_round_shown_and_one_hidden_says_why(archive, tmp_path: Path) -> None:
    ids = first_round(archive.db)
    set_id = repo.get(archive.db, "rounds", ids["round"])["question_set_id"]
    small = audit.create_audit_round(archive.db, ids["forum"], set_id, "Small follow-up",
                                     "2027-06-01")
    audit.open_round(archive.db, small)
    qids = [q["id"] for q in repo.questions(archive.db, set_id)]
    repo.add_response(archive.db, small, {q: repo.Answer(8) for q in qids})
    audit.close_round(archive.db, small)
    text = flat(pdf_text(make_report("trend", archive.db, ids["forum"], tmp_path / "t.pdf")))
    assert "This forum has 2 rounds, but only 1 of them has enough responses" in text
    assert "hidden" in text and "By question" not in text
