"""A new forum's first day, on the reports side (issue 11, items 3 and 12): a round held
at a meeting shows in the meeting summary and its audit report is offered with the
meeting; every report the Reports view offers for the forum, the round and the meeting
can be made and says the right things.

Every test starts from a NEW EMPTY archive, built through the store as the app builds
it (never the demo), and reads the PDFs back with pdftotext. The expected figures are
worked out here from the answers submitted, with exact fractions, not by the app's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest
from report_helpers import flat, pdf_text

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.domain.kiosk import Submission
from spf_desktop.reports import REPORT_KINDS, available_reports, make_report
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store import agenda as agenda_store
from spf_desktop.store.repo import new_id
from spf_desktop.store.shipped import shipped_set_id

FORUM = "Thames Valley SPF"
MEETING = "First forum of the year"
ROUND = "Spring audit"
ACTION = "Share the audit results with every team before the next forum"
NAMED_COMMENT = "Sam Jones in payroll never answers emails"


@pytest.fixture
def new(tmp_path: Path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    assert repo.forums(arch.db) == []  # a new, empty archive
    yield arch
    arch.close()


def half_up(value: Fraction) -> str:
    """Two decimals, rounded half up: how the reports print a score."""
    hundredths = floor(value * 100 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


@dataclass
class Day:
    forum: str
    meeting: str
    round: str
    questions: list[dict]
    answers: list[tuple[str | None, list[int | None]]]  # (side, score per question)
    min_group: int = 5

    def question_means(self, side: str | None = "any") -> list[Fraction | None]:
        """As the reports show them: none for a question scored by fewer than the
        minimum (its scores would be those few people's)."""
        means: list[Fraction | None] = []
        for i in range(len(self.questions)):
            scores = [a[1][i] for a in self.answers
                      if a[1][i] is not None and (side == "any" or a[0] == side)]
            shown = len(scores) >= self.min_group
            means.append(Fraction(sum(scores), len(scores)) if shown else None)  # type: ignore[arg-type]
        return means

    def overall(self, side: str | None = "any") -> Fraction:
        present = [m for m in self.question_means(side) if m is not None]
        return sum(present, Fraction(0)) / len(present)

    def lowest(self, n: int = 3) -> list[tuple[Fraction, int, str]]:
        ranked = sorted((m, q["position"], q["text"])
                        for m, q in zip(self.question_means(), self.questions, strict=True)
                        if m is not None)
        return ranked[:n]


def scores_for(participant: int, n_questions: int) -> list[int | None]:
    return [(3 + participant * 2 + i * 3 + (i * participant) % 4) % 11 for i in range(n_questions)]


def new_forum_and_meeting(db) -> tuple[str, str]:
    forum = repo.create_forum(db, FORUM)  # as the Audit view's New forum does
    meeting = agenda_store.create_meeting(db, forum, Meeting(
        MEETING, start_time="10:00", planned_end="13:30", date="2027-01-14", venue="Board room"))
    return forum, meeting


def run_round(db, forum: str, label: str, sides: list[str | None], *, meeting: str | None,
              min_group: int = 5, close: bool = True, skip: int | None = 1,
              comment: bool = True) -> tuple[str, list[tuple[str | None, list[int | None]]]]:
    """A round made as New round makes it (the shipped set), answered in participant
    mode by one person per side given (one skips a question, one names someone in a
    comment, which is redacted when screened), then closed."""
    set_id = shipped_set_id()
    round_id = audit.create_audit_round(db, forum, set_id, label, "2027-01-14",
                                        min_group_size=min_group, meeting_id=meeting)
    audit.open_round(db, round_id)
    questions = repo.questions(db, set_id)
    answers = []
    for p, side in enumerate(sides):
        scores = scores_for(p, len(questions))
        if p == skip:
            scores[3] = None
        comments = {questions[0]["id"]: NAMED_COMMENT} if comment and p == 0 else {}
        audit.submit(db, round_id, Submission(
            {q["id"]: s for q, s in zip(questions, scores, strict=True)}, comments, side))
        answers.append((side, scores))
    for row in audit.comments_for_screening(db, round_id):  # screen and redact
        audit.redact_comment(db, round_id, row.response_key, row.question_id)
    audit.mark_screened(db, round_id)
    if close:
        audit.close_round(db, round_id)
    return round_id, answers


def build_agenda(db, meeting: str, round_id: str | None) -> list[Section]:
    """A half day, 10:00 to 13:30: group work posed as a question, lunch pinned at 12:30
    with the audit alongside it, linked to the round."""
    lunch = new_id()
    sections = [
        Section(new_id(), "welcome", "Welcome and ways of working", duration_min=15),
        Section(new_id(), "group_work", "Group work",
                question="How do we raise concerns early, without surprises?", duration_min=70),
        Section(lunch, "networking_lunch", "Lunch", duration_min=45, pinned_time="12:30"),
        Section(new_id(), "audit", "Partnership behaviours audit", duration_min=40,
                parallel_with=lunch, round_id=round_id),
        Section(new_id(), "close", "Close", duration_min=15),
    ]
    agenda_store.save_sections(db, meeting, sections)
    return sections


def first_day(db) -> Day:
    forum, meeting = new_forum_and_meeting(db)
    round_id, answers = run_round(db, forum, ROUND, ["staff", "management", "staff", None,
                                                    "management"], meeting=meeting)
    build_agenda(db, meeting, round_id)
    action = agenda_store.add_capture(db, meeting, "actions", "Share the results", owner="Chair",
                                      due_date="2027-02-01")
    # corrected afterwards, as in run mode
    agenda_store.update_capture(db, "actions", action, ACTION, owner="Forum chair",
                                due_date="2027-02-01")
    return Day(forum, meeting, round_id, repo.questions(db, shipped_set_id()), answers)


def make_all(db, kind: str, record_id: str, folder: Path) -> dict[str, str]:
    """Every report the Reports view offers for a selection, made; text by report title."""
    texts = {}
    for n, choice in enumerate(available_reports(db, kind, record_id)):
        assert choice.enabled, f"{choice.title}: {choice.reason}"
        out = make_report(choice.kind, db, choice.record_id, folder / f"{kind}-{n}.pdf")
        texts[choice.title] = flat(pdf_text(out))
    return texts


# -- item 12: every report after a first day ------------------------------------------

def test_after_a_first_day_every_report_offered_is_made_and_says_the_right_things(
        new, tmp_path: Path) -> None:
    db = new.db
    day = first_day(db)
    overall = half_up(day.overall())
    questions = [q["text"] for q in day.questions]

    forum = make_all(db, "forum", day.forum, tmp_path)
    assert list(forum) == [f"Trend report: {FORUM}", f"Running the audit in a room: {FORUM}"]
    rnd = make_all(db, "round", day.round, tmp_path)
    assert list(rnd) == [f"Audit report: {ROUND}", f"Blank paper questionnaire: {ROUND}",
                         f"Agenda handout: {MEETING}", f"Meeting summary: {MEETING}",
                         f"Trend report: {FORUM}", f"Running the audit in a room: {FORUM}"]
    meeting = make_all(db, "meeting", day.meeting, tmp_path)
    assert list(meeting) == [f"Agenda handout: {MEETING}", f"Meeting summary: {MEETING}",
                             f"Audit report: {ROUND}", f"Blank paper questionnaire: {ROUND}",
                             f"Trend report: {FORUM}", f"Running the audit in a room: {FORUM}"]
    # the five reports and the quick-start, each reachable from the first day's records
    assert {REPORT_KINDS[c.kind].title for s, i in (("forum", day.forum), ("round", day.round),
                                                    ("meeting", day.meeting))
            for c in available_reports(db, s, i)} == {k.title for k in REPORT_KINDS.values()}

    for texts in (forum, rnd, meeting):
        for title, text in texts.items():
            assert FORUM in text, title
            assert NAMED_COMMENT not in text and "Sam Jones" not in text, title

    trend = forum[f"Trend report: {FORUM}"]
    assert "A trend needs at least two audit rounds, and this forum has one so far." in trend
    assert ROUND in trend and overall in trend

    audit_text = meeting[f"Audit report: {ROUND}"]
    assert audit_text == rnd[f"Audit report: {ROUND}"]  # the same report, from either
    assert f"{overall} 5 - overall average (0 to 10) responses" in audit_text
    assert "[comment removed by the facilitator]" in audit_text
    assert "compared only when each side has at least 5 responses" in audit_text

    summary = meeting[f"Meeting summary: {MEETING}"]
    assert f"Meeting summary: {MEETING}" in summary
    assert f"{ACTION} Forum chair 1 February 2027 open" in summary
    assert "Share the results Chair" not in summary  # the corrected action, not the first
    assert f"Audit results: {ROUND}" in summary
    assert f"{overall} 5 - overall average (0 to 10) responses" in summary
    assert "5 responses · closed" in summary
    for mean, position, text in day.lowest(3):
        assert f"{half_up(mean)} {position}. {text}" in summary
    # two a side: the comparison stays hidden, by the rule of the results code
    assert ("here staff side has 2 and management side 2, so the comparison is hidden"
            in summary)
    assert "Staff side (" not in summary
    assert "Partnership behaviours audit" in summary and "alongside Lunch" in summary

    questionnaire = meeting[f"Blank paper questionnaire: {ROUND}"]
    for text in questions:
        assert text in questionnaire
    handout = meeting[f"Agenda handout: {MEETING}"]
    assert "How do we raise concerns early, without surprises?" in handout
    assert "12:30" in handout
    quickstart = forum[f"Running the audit in a room: {FORUM}"]
    assert "Running the audit in a room" in quickstart and "Close the round" in quickstart


# -- item 3: the meeting summary carries the rounds held at the meeting --------------

def test_the_summary_shows_a_closed_rounds_figures_and_the_side_comparison_when_allowed(
        new, tmp_path: Path) -> None:
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    # three of each side and three who gave none (a lone one would be hidden: the
    # total minus both sides would be their answers), nobody skipping
    sides: list[str | None] = ["staff", "management"] * 3 + [None, "undisclosed", None]
    round_id, answers = run_round(db, forum, ROUND, sides, meeting=meeting, min_group=3,
                                  skip=None)
    build_agenda(db, meeting, round_id)
    day = Day(forum, meeting, round_id, repo.questions(db, shipped_set_id()), answers, 3)
    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "s.pdf")))

    overall = half_up(day.overall())
    assert f"Audit results: {ROUND}" in text and "9 responses · closed" in text
    assert f"{overall} 9 - overall average (0 to 10) responses" in text
    assert f"The average across the 10 questions is {overall}." in text
    for mean, position, question in day.lowest(3):
        assert f"{half_up(mean)} {position}. {question}" in text
    staff, management = day.overall("staff"), day.overall("management")
    assert (f"Staff side (3 responses) average {half_up(staff)}; management side (3 responses) "
            f"average {half_up(management)}; the gap is {half_up(abs(management - staff))} "
            "points.") in text
    # every question's mean, in full (none cut short)
    for mean, q in zip(day.question_means(), day.questions, strict=True):
        assert f"{q['position']} {q['text']} " in text
        assert mean is not None and half_up(mean) in text
    assert "…" not in text


def test_an_open_round_shows_only_its_count_until_it_closes(new, tmp_path: Path) -> None:
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    round_id, answers = run_round(db, forum, ROUND, ["staff"] * 6, meeting=meeting, close=False)
    build_agenda(db, meeting, round_id)
    day = Day(forum, meeting, round_id, repo.questions(db, shipped_set_id()), answers)
    overall = half_up(day.overall())

    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "open.pdf")))
    assert f"Audit results: {ROUND}" in text and "6 responses · open" in text
    assert "This round is still open: 6 responses so far." in text
    assert "Its results come when the round is closed" in text
    for figure_text in ("overall average", overall, "Lowest scores", "Staff side"):
        assert figure_text not in text
    [offered] = [c for c in available_reports(db, "meeting", meeting) if c.kind == "audit"]
    assert not offered.enabled and offered.record_id == round_id
    assert offered.reason == "still open: its results come when it is closed"

    audit.close_round(db, round_id)  # no restart: the same archive, read again
    [offered] = [c for c in available_reports(db, "meeting", meeting) if c.kind == "audit"]
    assert offered.enabled
    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "closed.pdf")))
    assert f"The average across the 10 questions is {overall}" in text
    assert "still open" not in text


def test_a_round_below_its_minimum_group_says_so_instead_of_figures(new, tmp_path: Path) -> None:
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    round_id, answers = run_round(db, forum, ROUND, ["staff", "management", None],
                                  meeting=meeting, min_group=5)
    build_agenda(db, meeting, round_id)
    # the raw figures (minimum 1), which must not be printed
    day = Day(forum, meeting, round_id, repo.questions(db, shipped_set_id()), answers, 1)
    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "s.pdf")))
    assert ("This round has 3 responses. Results are shown only from 5 responses, so that "
            "nobody's answers can be picked out.") in text
    for figure_text in ("overall average", half_up(day.overall()), "Lowest scores"):
        assert figure_text not in text
    # its audit report is offered and says the same, not figures
    [offered] = [c for c in available_reports(db, "meeting", meeting) if c.kind == "audit"]
    assert offered.enabled
    made = flat(pdf_text(make_report("audit", db, offered.record_id, tmp_path / "a.pdf")))
    assert "Results are shown only from 5 responses" in made


def test_a_draft_round_and_a_round_with_no_answers_say_so(new, tmp_path: Path) -> None:
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    draft = audit.create_audit_round(db, forum, shipped_set_id(), "Autumn audit", "2027-01-14",
                                     meeting_id=meeting)
    empty = audit.create_audit_round(db, forum, shipped_set_id(), "Pilot", "2027-01-13",
                                     meeting_id=meeting)
    audit.open_round(db, empty)
    audit.close_round(db, empty)
    build_agenda(db, meeting, None)
    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "s.pdf")))
    assert "Audit results: Pilot" in text and "This round closed with no responses" in text
    assert "Audit results: Autumn audit" in text and "has not been opened yet" in text
    assert text.index("Audit results: Pilot") < text.index("Audit results: Autumn audit")
    reasons = {c.record_id: c.reason for c in available_reports(db, "meeting", meeting)
               if c.kind == "audit"}
    assert reasons == {empty: "no responses yet", draft: "no responses yet"}


def test_a_round_run_by_an_audit_section_is_held_at_that_meeting_too(new, tmp_path: Path) -> None:
    """A round named for one meeting and run by an audit section of another shows in
    both meetings' summaries and reports; a meeting that holds no round shows none."""
    db = new.db
    forum, first = new_forum_and_meeting(db)
    second = agenda_store.create_meeting(db, forum, Meeting("Extra forum", date="2027-02-11"))
    quiet = agenda_store.create_meeting(db, forum, Meeting("Planning", date="2027-03-11"))
    round_id, _answers = run_round(db, forum, ROUND, ["staff"] * 5, meeting=first)
    build_agenda(db, first, None)
    build_agenda(db, second, round_id)  # the section links it: held there too
    build_agenda(db, quiet, None)
    assert repo.get(db, "rounds", round_id)["meeting_id"] == first  # it still names the first
    for meeting in (first, second):
        text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / f"{meeting}.pdf")))
        assert f"Audit results: {ROUND}" in text, meeting
        assert [c.record_id for c in available_reports(db, "meeting", meeting)
                if c.kind == "audit"] == [round_id]
    text = flat(pdf_text(make_report("summary", db, quiet, tmp_path / "quiet.pdf")))
    assert "Audit results" not in text
    assert [c.kind for c in available_reports(db, "meeting", quiet)
            if REPORT_KINDS[c.kind].needs == "round"] == []


def test_two_rounds_held_at_a_meeting_are_each_offered_and_told_apart(new, tmp_path: Path) -> None:
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    one, _ = run_round(db, forum, "Table audit", ["staff"] * 5, meeting=meeting)
    set_id = shipped_set_id()
    two = audit.create_audit_round(db, forum, set_id, "Table audit", "2027-01-15",
                                   meeting_id=meeting)
    audit.open_round(db, two)
    questions = repo.questions(db, set_id)
    for p in range(5):
        audit.submit(db, two, Submission({q["id"]: 4 + p for q in questions}, {}, "management"))
    audit.close_round(db, two)
    build_agenda(db, meeting, None)
    offered = [(c.title, c.record_id, c.file_name) for c in available_reports(db, "meeting", meeting)
               if c.kind == "audit"]
    assert offered == [
        ("Audit report: Table audit (2027-01-14)", one, "audit-report-table-audit-2027-01-14.pdf"),
        ("Audit report: Table audit (2027-01-15)", two, "audit-report-table-audit-2027-01-15.pdf"),
    ]
    text = flat(pdf_text(make_report("summary", db, meeting, tmp_path / "s.pdf")))
    assert text.count("Audit results: Table audit") == 2
    # the second round (every question scored 4 to 8), against the first
    assert "The average across the 10 questions is 6.00" in text


# -- the Reports view: a meeting's choice of its round's audit report ------------------

def test_the_reports_view_makes_a_meetings_round_audit_report(qtbot, new, tmp_path: Path) -> None:
    """The choice carries the round's id, not the selected meeting's: the PDF is the round's."""
    from PySide6.QtCore import QThreadPool
    from test_reports_gui import choose_file_and_save

    from spf_desktop.gui.reports.view import ReportsView

    day = first_day(new.db)
    view = ReportsView(opener=lambda url: True, pool=QThreadPool())
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_archive(new)
    view.show()
    view.set_selection("meeting", day.meeting)
    qtbot.waitUntil(lambda: f"Audit report: {ROUND}" in view.choices())
    view.select_report(f"Audit report: {ROUND}")
    out = tmp_path / "from the meeting.pdf"
    with qtbot.waitSignal(view.report_saved, timeout=20_000):
        choose_file_and_save(qtbot, view, out)
    text = flat(pdf_text(out))
    assert f"Partnership behaviours audit: {ROUND}" in text
    assert f"{half_up(day.overall())} 5 - overall average" in text


def test_a_round_selection_offers_the_meeting_whose_audit_section_ran_it(new) -> None:
    """A round that names no meeting (e.g. merged from a laptop that did not record it)
    but is run by a meeting's audit section still brings that meeting's reports."""
    db = new.db
    forum, meeting = new_forum_and_meeting(db)
    round_id, _ = run_round(db, forum, ROUND, ["staff"] * 5, meeting=None)
    build_agenda(db, meeting, round_id)
    with db.atomic():
        db.execute("UPDATE rounds SET meeting_id = NULL WHERE id = ?", [round_id])
    titles = [c.title for c in available_reports(db, "round", round_id)]
    assert f"Meeting summary: {MEETING}" in titles and f"Agenda handout: {MEETING}" in titles
    assert [c.record_id for c in available_reports(db, "meeting", meeting)
            if c.kind == "audit"] == [round_id]
