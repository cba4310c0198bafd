"""What a chair reads in each printed report, read back from the PDF with poppler."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from report_helpers import demo_ids, flat, pdf_fonts, pdf_pages, pdf_text

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.questions import load_question_set
from spf_desktop.paths import resource
from spf_desktop.reports import make_report
from spf_desktop.store import repo

WORKSHOP = "meeting:Self-managed workshop meeting"
ANNUAL = "meeting:Annual audit and review 2019"


@pytest.fixture
def ids(demo) -> dict[str, str]:
    return demo_ids(demo.db)


def small_forum(db, *, name: str = "North West SPF", marking: str = "", responses: int = 6,
                comments: dict[int, str] | None = None, sides: tuple[str, ...] = ("staff",),
                screened: bool = True) -> dict[str, str]:
    """A forum with one round of ``responses`` answers (all 7s), comments on question 1
    (screened by the facilitator unless ``screened`` is False)."""
    forum_id = repo.create_forum(db, name, protective_marking=marking)
    set_id = repo.install_question_set(
        db, load_question_set(resource("question_sets", "partnership_behaviours.json")))
    round_id = repo.create_round(db, forum_id, set_id, "Spring 2026", "2026-03-12", status="open")
    qids = [q["id"] for q in repo.questions(db, set_id)]
    for n in range(responses):
        text = (comments or {}).get(n, "")
        answers = {qid: repo.Answer(7, text if i == 0 else "") for i, qid in enumerate(qids)}
        repo.add_response(db, round_id, answers, side=sides[n % len(sides)])
    from spf_desktop.store import audit

    if screened:
        audit.mark_screened(db, round_id)
    audit.close_round(db, round_id)  # an open round's results are never printed
    return {"forum": forum_id, "round": round_id, "set": set_id}


# -- the audit report -------------------------------------------------------------

def test_baseline_audit_report_shows_the_story_figures(demo, ids, tmp_path: Path) -> None:
    out = make_report("audit", demo.db, ids["round:Baseline"], tmp_path / "baseline.pdf")
    text = flat(pdf_text(out))
    assert "Partnership behaviours audit: Baseline" in text
    assert "6.02" in text  # the overall average
    assert "4.6" in text and "Do colleagues walk in each other's shoes?" in text
    assert "5.8" in text and "Do we work from shared values?" in text
    assert "20 responses" in text
    assert "Other regional SPFs, about 7.5" in text  # the benchmark
    assert "no earlier round to compare" in text
    # lowest questions listed, lowest first
    lowest = text.split("Lowest scores", 1)[1]
    assert lowest.index("4.60") < lowest.index("5.50")
    # both sides have 5 or more: the comparison is printed
    assert "Staff side (11 responses)" in text
    # screened comments, with the en dash and apostrophes printed as typed
    assert "Staff side papers arrive on the day – no time to understand them." in text
    assert "How these figures are made" in text
    assert f"Page 1 of {pdf_pages(out)}" in text
    assert "East Midlands SPF · 19 January 2017" in text


def test_2019_audit_report_shows_the_change_against_review_and_baseline(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("audit", demo.db, ids["round:2019 audit"], tmp_path / "a.pdf")))
    assert "8.61" in text
    assert "+2.59" in text and "against Baseline" in text
    assert "+1.94" in text and "against Review" in text
    assert "Biggest changes" in text and "+2.39" in text


def test_review_audit_report_explains_why_sides_are_not_compared(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("audit", demo.db, ids["round:Review"], tmp_path / "r.pdf")))
    assert "management side 4, so the comparison is hidden to protect anonymity" in text
    assert "Management side average" not in text


def test_below_the_minimum_only_the_explanation_is_printed(archive, tmp_path) -> None:
    made = small_forum(archive.db, responses=3, comments={0: "A comment nobody may see"})
    out = make_report("audit", archive.db, made["round"], tmp_path / "small.pdf")
    text = flat(pdf_text(out))
    assert "This round has 3 responses. Results are shown only from 5 responses" in text
    for figure in ("7.00", "Mean", "Lowest scores", "A comment nobody may see"):
        assert figure not in text
    assert pdf_pages(out) == 1


def test_comments_are_printed_only_once_screened(archive, tmp_path) -> None:
    from spf_desktop.store import audit

    made = small_forum(archive.db, responses=6, comments={2: "Dr Patel never listens to us"},
                       screened=False)
    text = flat(pdf_text(make_report("audit", archive.db, made["round"], tmp_path / "early.pdf")))
    assert "waiting to be screened by the facilitator" in text
    assert "Dr Patel" not in text
    key, qid = archive.db.execute(
        "SELECT a.response_key, a.question_id FROM answers a WHERE a.comment IS NOT NULL").fetchone()
    audit.redact_comment(archive.db, made["round"], key, qid, "[name] never listens to us")
    audit.mark_screened(archive.db, made["round"])
    text = flat(pdf_text(make_report("audit", archive.db, made["round"], tmp_path / "later.pdf")))
    assert "[name] never listens to us" in text
    assert "Dr Patel" not in text and "waiting to be screened" not in text


def test_fonts_are_embedded_and_accents_quotes_pound_and_dashes_print(archive, tmp_path) -> None:
    made = small_forum(archive.db, name="Côte d’Azur – Région SPF", marking="OFFICIAL-SENSITIVE",
                       comments={0: "We’re “better” now – the £5 lunch helped; naïve café 'ideas'"})
    out = make_report("audit", archive.db, made["round"], tmp_path / "accents.pdf")
    text = pdf_text(out)
    assert "Côte d’Azur – Région SPF" in text
    assert "We’re “better” now – the £5 lunch helped; naïve café 'ideas'" in flat(text)
    fonts = pdf_fonts(out)
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("DejaVuSans" in name for name, _ in fonts)
    # the protective marking is on every page
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * pdf_pages(out)


def test_characters_the_font_lacks_are_refused_and_nothing_is_written(archive, tmp_path) -> None:
    made = small_forum(archive.db, comments={0: "Good meeting 漢"})
    out = tmp_path / "refused.pdf"
    out.write_bytes(b"the old report")
    with pytest.raises(UserError, match=r"A comment on question 1 contains the character '漢' \(U\+6F22"):
        make_report("audit", archive.db, made["round"], out)
    assert out.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == ["refused.pdf"]


def test_a_round_with_no_responses_is_refused(archive, tmp_path) -> None:
    made = small_forum(archive.db, responses=0)
    with pytest.raises(UserError, match="has no responses yet"):
        make_report("audit", archive.db, made["round"], tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_unknown_ids_are_refused(demo, tmp_path) -> None:
    for kind, what in (("audit", "audit round"), ("trend", "forum"), ("agenda", "meeting"),
                       ("summary", "meeting"), ("questionnaire", "audit round")):
        with pytest.raises(UserError, match=f"There is no {what} with id nope"):
            make_report(kind, demo.db, "nope", tmp_path / f"{kind}.pdf")
    assert list(tmp_path.glob("*.pdf")) == []


def test_missing_and_read_only_folders_are_refused(demo, ids, tmp_path, readonly_folder) -> None:
    with pytest.raises(UserError, match="does not exist"):
        make_report("audit", demo.db, ids["round:Baseline"], tmp_path / "nowhere" / "a.pdf")
    folder = readonly_folder()
    with pytest.raises(UserError, match="read-only"):
        make_report("audit", demo.db, ids["round:Baseline"], folder / "a.pdf")
    assert list(folder.iterdir()) == []


def test_same_data_gives_byte_identical_pdfs(demo, ids, tmp_path) -> None:
    first = make_report("audit", demo.db, ids["round:2019 audit"], tmp_path / "one.pdf")
    second = make_report("audit", demo.db, ids["round:2019 audit"], tmp_path / "two.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_progress_is_reported_up_to_done(demo, ids, tmp_path) -> None:
    seen: list[tuple[float | None, str]] = []
    make_report("trend", demo.db, ids["forum:East Midlands SPF"], tmp_path / "t.pdf",
                progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(m.startswith("Laid out page") for _, m in seen)


# -- trend, agenda, summary, questionnaire -------------------------------------------

def test_trend_report_has_every_round_and_the_changes(demo, ids, tmp_path) -> None:
    out = make_report("trend", demo.db, ids["forum:East Midlands SPF"], tmp_path / "trend.pdf")
    text = flat(pdf_text(out))
    assert "8.61" in text and "6.02" in text and "6.67" in text
    assert "3 audit rounds, 19 January 2017 to 24 January 2019" in text
    assert "+2.59 points" in text  # first to latest
    assert "+0.65" in text and "+1.94" in text  # round to round
    assert "Change from the round before, by question" in text
    assert "10. Do we hold each other to account" in text


def test_agenda_handout_fits_a_half_day_on_one_page(demo, ids, tmp_path) -> None:
    out = make_report("agenda", demo.db, ids[WORKSHOP], tmp_path / "agenda.pdf")
    text = flat(pdf_text(out))
    assert pdf_pages(out) == 1
    assert "Self-managed workshop meeting" in text
    assert "20 September 2018 · Conference centre, Nottingham · 12:00 to 16:00" in text
    assert "Seating: Cabaret (tables of 6 to 8)" in text
    assert "12:00–12:45" in text and "13:00–13:50" in text and "15:40–15:50" in text
    assert "How do we make partnership working visible in every trust?" in text
    assert "Table hosts" in text and "Group work" in text
    assert "Our ways of working" in text and "Involvement" in text and "Trust" in text
    assert "Read out involvement, trust and purpose." not in text  # private notes stay private


def test_agenda_shows_a_section_that_runs_alongside_another(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("agenda", demo.db, ids[ANNUAL], tmp_path / "a.pdf")))
    assert "Runs alongside: Networking lunch" in text
    assert "12:00–13:00" in text  # the audit starts with lunch and does not push the agenda


def test_meeting_summary_compares_planned_and_actual_and_lists_actions(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("summary", demo.db, ids[WORKSHOP], tmp_path / "s.pdf")))
    assert "12:00–12:45 (45 min) 12:00–12:48 (48 min) +3 min" in text
    assert "the meeting ran from 12:00 to 15:54 (+4 min against the planned finish)" in text
    assert "Adopt an early-warning route" in text
    assert "Draft the early-warning huddle guidance HR lead 30 November 2018 open" in text
    assert "Audit results" not in text  # no round ran in this meeting


def test_meeting_summary_includes_the_audit_of_a_round_run_in_it(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("summary", demo.db, ids[ANNUAL], tmp_path / "s.pdf")))
    assert "Audit results: 2019 audit" in text and "8.61" in text and "+2.59" in text
    assert "not recorded" in text  # the clock was not run that day


def test_a_meeting_with_no_sections_is_refused(demo, tmp_path) -> None:
    forum_id = repo.forums(demo.db)[0]["id"]
    demo.db["meetings"].insert({"id": "empty-meeting", "forum_id": forum_id, "title": "Planning",
                                "date": "2026-05-01"})
    for kind in ("agenda", "summary"):
        with pytest.raises(UserError, match='"Planning" .* has no agenda sections'):
            make_report(kind, demo.db, "empty-meeting", tmp_path / f"{kind}.pdf")
    assert list(tmp_path.glob("*.pdf")) == []


def test_questionnaire_prints_one_participant_per_page(demo, ids, tmp_path) -> None:
    out = make_report("questionnaire", demo.db, ids["round:2019 audit"], tmp_path / "q.pdf",
                      copies=3)
    assert pdf_pages(out) == 3
    pages = pdf_text(out).split("\f")
    for page in pages[:3]:
        page = flat(page)
        assert "1. Do we work from shared values?" in page
        assert "10. Do we hold each other to account on our agreed ways of working?" in page
        assert "0 1 2 3 4 5 6 7 8 9 10" in page and "Skip" in page
        assert "Not at all" in page and "Completely" in page
        assert "Comment (optional)" in page
        assert "Which side of the partnership are you on?" in page
        assert "Staff side" in page and "Management side" in page and "Prefer not to say" in page


def test_questionnaire_copies_must_be_sensible(demo, ids, tmp_path) -> None:
    with pytest.raises(UserError, match="copies must be from 1 to 500, not 0"):
        make_report("questionnaire", demo.db, ids["round:Baseline"], tmp_path / "q.pdf", copies=0)


def test_reportlab_is_not_imported_by_the_gui_at_start_up() -> None:
    code = ("import sys; import spf_desktop.cli, spf_desktop.reports, spf_desktop.gui.main_window; "
            "print('reportlab' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "False"


def test_a_purged_round_keeps_its_figures_but_not_its_comments(demo, ids, tmp_path) -> None:
    """Retention purges the raw answers of old rounds; the audit report still prints."""
    from datetime import date

    from spf_desktop.store import retention

    plan = retention.plan_purge(demo.db, 8, date(2025, 6, 1))  # rounds before June 2017
    assert [item.label for item in plan.items] == ["Baseline"]
    retention.purge(demo.db, plan, date(2025, 6, 1))
    left = demo.db.execute("SELECT count(*) FROM responses WHERE round_id = ?",
                           [ids["round:Baseline"]]).fetchone()[0]
    assert left == 0
    text = flat(pdf_text(make_report("audit", demo.db, ids["round:Baseline"], tmp_path / "p.pdf")))
    assert "6.02" in text and "4.60" in text and "20 responses" in text
    assert "individual answers were purged" in text
    assert "Staff side papers arrive on the day" not in text
    trend = flat(pdf_text(make_report("trend", demo.db, ids["forum:East Midlands SPF"],
                                      tmp_path / "t.pdf")))
    assert "+2.59 points" in trend
