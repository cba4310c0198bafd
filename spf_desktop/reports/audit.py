"""The audit report for one round: what the chairs take away from the results screen.

Every figure comes from spf_desktop.domain.results through
store.results.load_round_results, the same code as the results screen, with the
anonymity rules already applied there.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from spf_desktop.domain.figures import (
    AGREED_IQR,
    MIN_ANSWERS,
    SPLIT_SHARE,
    fmt_interval,
    has_bounds,
)
from spf_desktop.domain.results import RoundResults
from spf_desktop.domain.results_text import (
    NO_REAL_GAP,
    could_be,
    gap_text,
    side_gaps_line,
    spread_text,
)
from spf_desktop.domain.scoring import SCALE_TEXT, SCORE_MAX, SCORE_MIN, fmt_change, fmt_score
from spf_desktop.reports.charts import Bar, paired_bars, question_bars
from spf_desktop.reports.html import html_hints
from spf_desktop.reports.styles import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    RULE,
    TEXT_WIDTH,
    PageInfo,
    Progress,
    ReportError,
    Styles,
    check_text,
    grid_table,
    long_date,
    make_styles,
    no_progress,
    para,
)
from spf_desktop.store.report_data import RoundRecord, round_record
from spf_desktop.store.results import load_round_results

TITLE = "Partnership behaviours audit"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def headline_boxes(results: RoundResults, st: Styles) -> Table:
    """The big figures at the top: average, responses, changes, benchmark."""
    cells: list[tuple[str, str]] = [
        (fmt_score(results.overall), f"overall average ({SCALE_TEXT})"),
        (str(results.responses), "responses"),
    ]
    if results.previous is not None:
        cells.append((fmt_change(results.overall_change), f"against {results.previous.label}; "
                      f"{could_be(results.overall_change_interval)}"))
    else:
        cells.append(("-", results.comparison_note or "no earlier round to compare"))
    if results.baseline is not None:
        cells.append((fmt_change(results.baseline_change), f"against {results.baseline.label}; "
                      f"{could_be(results.baseline_change_interval)}"))
    if results.benchmark is not None:
        cells.append((fmt_score(results.benchmark.value), results.benchmark.label))
    width = TEXT_WIDTH / len(cells)
    row_fig = [para(value, st.figure) for value, _ in cells]
    row_lab = [para(label, st.figure_label, "The benchmark's label") for _, label in cells]
    table = Table([row_fig, row_lab], colWidths=[width] * len(cells), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return html_hints(table, caption="Headline figures", transpose=True)


def headline_sentence(results: RoundResults) -> str:
    n_questions = len(results.questions)
    with_figures = sum(1 for q in results.questions if q.stats.mean is not None)
    across = (f"the {n_questions} questions" if with_figures == n_questions else
              f"the {with_figures} questions with figures (of {n_questions})")
    parts = [f"The average across {across} is {fmt_score(results.overall)}"]
    if results.previous is not None and results.overall_change is not None:
        parts.append(
            f", {fmt_change(results.overall_change)} against {results.previous.label} "
            f"({fmt_score(results.previous.overall)})"
        )
    if results.baseline is not None and results.baseline_change is not None:
        parts.append(
            f" and {fmt_change(results.baseline_change)} against {results.baseline.label} "
            f"({fmt_score(results.baseline.overall)})"
        )
    sentence = "".join(parts) + "."
    if results.overall_interval is not None:
        sentence += (" With a 95% interval, the average "
                     f"{could_be(results.overall_interval, signed=False)}")
        if results.overall_change_interval is not None and results.previous is not None:
            sentence += (f"; the change against {results.previous.label} "
                         f"{could_be(results.overall_change_interval)}")
        if results.baseline_change_interval is not None and results.baseline is not None:
            sentence += (f"; the change against {results.baseline.label} "
                         f"{could_be(results.baseline_change_interval)}")
        sentence += "."
    if results.comparison_note:
        sentence += f" {results.comparison_note}"
    if results.benchmark is not None:
        sentence += (f" Benchmark: {results.benchmark.label} ({fmt_score(results.benchmark.value)}).")
    return sentence


def _question_table(results: RoundResults, st: Styles) -> Table:
    has_prev = results.previous is not None
    header = ["", "Question", "Count", "Skips", "Mean", "Median", "Spread"]
    if has_prev:
        header += [results.previous.label, "Change"]  # type: ignore[union-attr]
    rows: list[list] = [[para(h, st.head, "A round's label") for h in header]]
    for q in results.questions:
        s = q.stats
        spread = f"{s.spread[0]}–{s.spread[1]}" if s.spread else "-"
        row: list = [
            str(q.info.position),
            para(q.info.text, st.cell, f"The text of question {q.info.position}"),
            str(s.count), str(s.skips), fmt_score(s.mean),
            "-" if s.median is None else f"{s.median:g}", spread,
        ]
        if has_prev:
            row += [fmt_score(q.previous_mean), fmt_change(q.change)]
        rows.append(row)
    fixed = [14, 38, 34, 36, 42, 42] + ([50, 44] if has_prev else [])
    widths = [fixed[0], TEXT_WIDTH - sum(fixed)] + fixed[1:]
    return grid_table(rows, widths, align_right_from=2)


def _sureness_table(results: RoundResults, st: Styles) -> Table:
    """Per question: how sure the mean and the change are, and how far the room agrees."""
    has_prev = results.previous is not None
    header = ["", "Question", "Mean could be"]
    if has_prev:
        header += ["Change could be", "Verdict"]
    header += ["SD", "IQR", "Shape"]
    rows: list[list] = [[para(h, st.head) for h in header]]
    for q in results.questions:
        row: list = [str(q.info.position),
                     para(q.info.text, st.cell, f"The text of question {q.info.position}"),
                     fmt_interval(q.interval, signed=False) if has_bounds(q.interval)
                     else para(q.interval.verdict if q.interval else "-", st.cell)]
        if has_prev:
            ci = q.change_interval
            row += [fmt_interval(ci), para(ci.verdict if ci else "-", st.cell)]
        sp = q.spread
        row += ["-" if sp is None else fmt_score(sp.sd), "-" if sp is None else f"{sp.iqr:g}",
                "-" if sp is None else sp.shape]
        rows.append(row)
    fixed = [14, 64] + ([70, 62] if has_prev else []) + [30, 30, 40]
    widths = [fixed[0], TEXT_WIDTH - sum(fixed)] + fixed[1:]
    return grid_table(rows, widths, align_right_from=2)


def ranked_list(items: list[tuple[str, str]], st: Styles) -> Table:
    rows = [[para(value, st.cell_bold), para(text, st.cell, "A question's text")]
            for value, text in items]
    table = Table(rows, colWidths=[48, TEXT_WIDTH - 48], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def sides_sentence(results: RoundResults) -> str:
    """Staff side against management side, overall; call only when ``results.sides_visible``
    (else print ``results.sides_reason``: the rule is the results code's, not ours)."""
    staff = results.side_overall.get("staff")
    mgmt = results.side_overall.get("management")
    gap = None if staff is None or mgmt is None else mgmt - staff
    return (
        f"Staff side ({results.side_counts['staff']} responses) average {fmt_score(staff)}; "
        f"management side ({results.side_counts['management']} responses) average "
        f"{fmt_score(mgmt)}; the gap is {fmt_score(abs(gap)) if gap is not None else '-'} points."
        + _gap_words(results)
        + " The gap between the sides is how far we still are from walking in each other's shoes."
    )


def _gap_words(results: RoundResults) -> str:
    """The overall gap's interval as a sentence ("" when there is none)."""
    gap = results.side_gap
    if gap is None:
        return ""
    if not has_bounds(gap):
        return f" For the gap as a whole: {gap.verdict}."
    return f" Management side minus staff side {could_be(gap)}."


def _sides(results: RoundResults, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Staff side and management side", st.h2)]
    if not results.sides_visible:
        out.append(para(results.sides_reason, st.note))
        return out
    out.append(para(sides_sentence(results), st.body))
    labels = [f"{q.info.position}. {q.info.text}" for q in results.questions]
    out.append(paired_bars(
        labels, [q.by_side["staff"].mean for q in results.questions],
        [q.by_side["management"].mean for q in results.questions], TEXT_WIDTH,
        first_label="Staff side", second_label="Management side",
    ))
    header = ["", "Question", "Staff side", "Management side", "Gap", "Gap could be", "Verdict"]
    rows: list[list] = [[para(h, st.head) for h in header]]
    for q in results.questions:
        s, m = q.by_side["staff"].mean, q.by_side["management"].mean
        rows.append([str(q.info.position), para(q.info.text, st.cell, "A question's text"),
                     fmt_score(s), fmt_score(m),
                     "-" if s is None or m is None else fmt_change(m - s),
                     fmt_interval(q.gap), para(q.gap.verdict if q.gap else "-", st.cell)])
    fixed = [14, 36, 54, 36, 70, 60]
    out.append(grid_table(rows, [14, TEXT_WIDTH - sum(fixed)] + fixed[1:], align_right_from=2))
    gaps = [q for q in results.side_gaps()[:3] if q.gap is not None]
    if gaps:
        out.append(para("Gap: management side minus staff side. "
                        "The questions where the sides differ most, real gaps first:", st.small))
        out.append(ranked_list(
            [(fmt_change(q.gap.estimate), f"{q.info.position}. {q.info.text}: {gap_text(q.gap)}")
             for q in gaps if q.gap is not None], st))
    if side_gaps_line(results) == NO_REAL_GAP:
        out.append(para(NO_REAL_GAP, st.body))
    return out


def _comments(results: RoundResults, st: Styles, *, purged: bool = False,
              screened: bool = True, counts_only: bool = False) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Comments", st.h2)]
    if not results.comments_visible:
        out.append(para(results.comments_reason, st.note))
        return out
    if not screened and not purged:
        out.append(para(
            "This round's comments are waiting to be screened by the facilitator (Audit, "
            "Screen comments), so none is printed yet. Make the report again once they "
            "have been screened.", st.note))
        return out
    out.append(para(
        "Comments are printed as screened by the facilitator (names redacted), in random "
        "order under each question, so the order says nothing about who wrote them.", st.small,
    ))
    if counts_only:
        out.append(para("This round was imported from vote counts alone (how many gave each "
                        "score): its figures are exact; it has no sides and no comments.",
                        st.body))
        return out
    if purged:
        out.append(para("This round's individual answers were purged under the forum's "
                        "retention rule: its figures are kept, its comments are not.", st.body))
        return out
    any_comment = False
    for q in results.questions:
        if not q.comments:
            continue
        any_comment = True
        block: list[Flowable] = [para(f"{q.info.position}. {q.info.text}", st.h3,
                                      f"The text of question {q.info.position}")]
        block += [para(c, st.quote, f"A comment on question {q.info.position}",
                       markup="<bullet>&bull;</bullet>{}")
                  for c in q.comments]
        out.append(KeepTogether(block[:2]))
        out.extend(block[2:])
    if not any_comment:
        out.append(para("Nobody left a comment in this round.", st.body))
    return out


def method_note(rec: RoundRecord, results: RoundResults) -> str:
    qs = rec.question_set
    m = results.min_group
    text = (
        f"Each person answered the {len(rec.questions)} questions of “{qs['name']}” "
        f"(version {qs['version']}) on a scale from {SCORE_MIN} ({qs['low_label']}) to {SCORE_MAX} "
        f"({qs['high_label']}), with the choice to skip a question and leave a comment. "
        "A skipped question is counted apart, never as zero. A question's mean is the mean "
        "of its scores; the overall average is the mean of the question means. Figures are "
        "rounded half up to two decimals. Spread is the lowest to the highest score given. "
        "Changes compare with the forum's previous round, when it had enough responses to show"
        + (f" and with the forum's first round ({results.baseline.label})"
           if results.baseline else "") + ". "
        "Responses are anonymous: no names, no device and no clock times are kept, only the "
        f"round's date. No figure about scores is printed for a group of fewer than "
        f"{m} people, nor for one that could be worked out by subtracting one printed "
        "figure from another. So results are shown only once the round is closed and only "
        f"from {m} responses; a question scored by fewer than {m} people shows only "
        "its counts; and the staff side and management side are compared only when each side "
        f"has at least {m} responses, those who gave no side (\u201cprefer not to say\u201d "
        f"or no answer, the total minus both sides) are none or at least {m}, and on "
        f"every question each of these groups, less its skips, is none or at least {m}."
    )
    if qs.get("source_note"):
        text += f" About the questions: {qs['source_note']}"
    return text


def intervals_note(results: RoundResults) -> str:
    """How the intervals, verdicts and spreads are worked out, in plain words."""
    floor = max(results.min_group, MIN_ANSWERS)
    return (
        "Every range is a 95% interval. A question's mean uses a t-interval (the mean plus "
        "or minus a t value times the standard deviation over the square root of the number "
        "of answers). A change between two rounds, and the gap between the sides, compare "
        "two different groups of people, so they use Welch's interval, which allows each "
        "group its own spread. The overall average is a mean over the same people's "
        "answers to every question, so the question means are not independent: its range "
        "comes from each person's own average (the mean of the questions they answered), "
        "one independent figure per person, which gives the same result every time. A "
        "round whose individual answers were purged kept only its totals: its questions "
        "still get ranges (the counts give the exact mean and spread), its overall average "
        "does not. The verdict is “a real rise” or “a real fall” when "
        "the range leaves out 0 and “within the noise” when it holds 0; with "
        f"fewer than {floor} answers in a group it is “too few answers to say”. "
        "One time in twenty a change with no true cause will still look real, so a single "
        "real rise is a reason to look closer, not proof. SD is the standard deviation; IQR "
        "the range of the middle half of the answers. A question is “split” when at "
        f"least {SPLIT_SHARE:.0%} of the answers are 0 to 3 and at least {SPLIT_SHARE:.0%} "
        f"are 7 to 10, “agreed” when the middle half lies within {AGREED_IQR:g} "
        "points, and “varied” otherwise."
    )


def story(db, round_id: str, st: Styles | None = None,
          progress: Progress = no_progress) -> tuple[list[Flowable], PageInfo]:
    """The audit report's content and page frame for ``round_id``."""
    st = st or make_styles()
    progress(0.05, "Reading the round")
    rec = round_record(db, round_id)
    rnd = rec.round
    if not rec.has_answers:
        raise ReportError(
            f"The round \"{rnd['label']}\" ({rnd['date']}) has no responses yet, so there is "
            "no audit report to make. Print a blank questionnaire for it instead."
        )
    results = load_round_results(db, round_id)
    progress(0.2, "Working out the results")
    info = PageInfo(f"Audit report: {rnd['label']}", rec.forum["name"], long_date(rnd["date"]),
                    rec.forum.get("protective_marking") or "")
    out: list[Flowable] = [
        para(f"{TITLE}: {rnd['label']}", st.title, "The round's label"),
        para(f"{rec.forum['name']} · {long_date(rnd['date'])} · "
             f"{_plural(results.responses, 'response')}", st.subtitle, "The forum's name"),
    ]
    if not results.visible:
        out.append(Paragraph("Why there are no figures", st.h2))
        out.append(para(results.hidden_reason, st.note))
        return out, info

    out += [headline_boxes(results, st), Spacer(1, 4 * mm),
            para(headline_sentence(results), st.body, "The benchmark's label")]
    if results.converted_note:
        out.append(para(results.converted_note, st.note, "A converted round's scales"))
    for other in (results.previous, results.baseline):
        if other is not None and other.converted_note and not results.converted_note:
            out.append(para(f"{other.label}, compared with here, was answered on another scale "
                            "and is converted to 0 to 10: compare with care.", st.note,
                            "The previous round's label"))
    prev = results.previous
    out.append(Paragraph("Results by question", st.h2))
    out.append(question_bars(
        [Bar(f"{q.info.position}. {q.info.text}", q.stats.mean, q.previous_mean)
         for q in results.questions],
        TEXT_WIDTH,
        benchmark=results.benchmark.value if results.benchmark else None,
        benchmark_label=(f"{results.benchmark.label}" if results.benchmark else ""),
        previous_label=f"{prev.label} ({long_date(prev.date)})" if prev else "",
        value_label=rnd["label"],
    ))
    check_chart_text(results, rnd["label"])
    out.append(Spacer(1, 3 * mm))
    out.append(_question_table(results, st))
    out.append(Paragraph("How sure the figures are, and where the room disagrees", st.h2))
    out.append(para(
        "Each range is a 95% interval: where the true figure most likely lies, given how "
        "many answered and how far their answers spread. A change whose range leaves out 0 "
        "is a real rise or a real fall; one whose range holds 0 is within the noise. SD and "
        "IQR measure how far the answers spread (see How these figures are made).", st.small))
    out.append(_sureness_table(results, st))

    out.append(Paragraph("Lowest scores", st.h2))
    out.append(ranked_list([(fmt_score(q.stats.mean), f"{q.info.position}. {q.info.text}")
                             for q in results.lowest(3)], st))
    out.append(Paragraph("Most mixed", st.h2))
    mixed = results.most_mixed(3)
    if mixed:
        out.append(para("Where the room disagrees most (the largest standard deviations): "
                        "a mean hides a room in two camps.", st.small))
        out.append(ranked_list([(fmt_score(q.spread.sd) if q.spread else "-",
                                 f"{q.info.position}. {q.info.text} ({spread_text(q)})")
                                for q in mixed], st))
    else:
        out.append(para("No question has enough answers to show its spread.", st.body))
    out.append(Paragraph("Biggest changes", st.h2))
    changes = results.biggest_changes(3)
    if changes and prev is not None:
        out.append(para(f"Against {prev.label} ({long_date(prev.date)}).", st.small,
                        "The previous round's label"))
        out.append(ranked_list(
            [(fmt_change(q.change), f"{q.info.position}. {q.info.text} "
              f"({fmt_score(q.previous_mean)} to {fmt_score(q.stats.mean)}; "
              f"{could_be(q.change_interval)})") for q in changes], st))
    else:
        out.append(para("There is no earlier round of this forum with enough responses to "
                        "compare with.", st.body))
    from spf_desktop.reports.peer_section import peer_section  # other forums' files

    out += peer_section(db, round_id, results, st)
    progress(0.4, "Side comparison and comments")
    out += _sides(results, st)
    out += _comments(results, st, purged=rec.purged, screened=rec.comments_screened,
                     counts_only=rec.counts_only)
    out.append(Paragraph("How these figures are made", st.h2))
    out.append(para(method_note(rec, results), st.small, "The question set's source note"))
    out.append(Spacer(1, 2 * mm))
    out.append(para(intervals_note(results), st.small))
    return out, info


def check_chart_text(results: RoundResults, label: str) -> None:
    """Chart labels bypass paragraphs; check them against the font too."""
    check_text(label, "The round's label")
    if results.previous:
        check_text(results.previous.label, "The previous round's label")
    if results.benchmark:
        check_text(results.benchmark.label, "The benchmark's label")

