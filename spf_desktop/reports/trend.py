"""The trend report: every audit round of a forum, overall and per question, over time.

Each round's figures come from load_round_results, so a round here reads the
same as its own audit report; rounds below the minimum group size stay hidden.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from spf_desktop.domain.figures import Interval, fmt_interval, has_bounds
from spf_desktop.domain.results import RoundResults
from spf_desktop.domain.results_text import could_be
from spf_desktop.domain.scoring import SCALE_TEXT, change, fmt_change, fmt_score
from spf_desktop.reports.charts import Series, line_chart
from spf_desktop.reports.styles import (
    ACCENT,
    FONT,
    MUTED,
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
from spf_desktop.store.report_data import forum, forum_rounds
from spf_desktop.store.results import load_round_results


def _question_order(all_results: list[RoundResults]) -> list[tuple[str, str]]:
    """(key, text) of every question asked in any round, in the latest round's order."""
    seen: dict[str, str] = {}
    for res in reversed(all_results):
        for q in res.questions:
            seen.setdefault(q.info.key, q.info.text)
    return list(seen.items())


def story(db, forum_id: str, st: Styles | None = None,
          progress: Progress = no_progress) -> tuple[list[Flowable], PageInfo]:
    st = st or make_styles()
    forum_row = forum(db, forum_id)
    rounds = forum_rounds(db, forum_id)
    if not rounds:
        raise ReportError(f"The forum \"{forum_row['name']}\" has no audit rounds yet, so there "
                          "is no trend to report.")
    results: list[RoundResults] = []
    for n, rnd in enumerate(rounds, start=1):
        results.append(load_round_results(db, rnd["id"]))
        if n % 25 == 0 or n == len(rounds):
            progress(0.05 + 0.35 * n / len(rounds), f"Read {n} of {len(rounds)} rounds")
    for rnd in rounds:
        check_text(rnd["label"], f"The label of the round of {rnd['date']}")
    first, last = rounds[0], rounds[-1]
    span = long_date(first["date"])
    if last["date"] != first["date"]:
        span += f" to {long_date(last['date'])}"
    info = PageInfo("Audit trend report", forum_row["name"], span,
                    forum_row.get("protective_marking") or "")
    labels = [r["label"] for r in rounds]
    visible = [res for res in results if res.visible]
    out: list[Flowable] = [
        para(f"Partnership behaviours over time: {forum_row['name']}", st.title, "The forum's name"),
        para(f"{len(rounds)} audit round{'s' * (len(rounds) != 1)}, {span}", st.subtitle),
    ]
    if visible:
        first_v, last_v = visible[0], visible[-1]
        sentence = f"The overall average was {fmt_score(first_v.overall)} in {first_v.label}"
        if last_v is not first_v:
            sentence += (f" and {fmt_score(last_v.overall)} in {last_v.label}: "
                         f"{fmt_change(change(last_v.overall, first_v.overall))} points")
            base = last_v.baseline or last_v.previous
            ci = (last_v.baseline_change_interval if last_v.baseline
                  else last_v.overall_change_interval)
            sentence += (f" ({could_be(ci)})." if base is not None and ci is not None
                         and base.label == first_v.label else ".")
        else:
            sentence += "."
        out.append(para(sentence, st.body))
    hidden = len(results) - len(visible)
    if hidden:
        out.append(para(
            f"{hidden} round{'s' * (hidden != 1)} had fewer responses than the minimum group "
            "size; their figures are hidden to protect anonymity and the lines have a gap there.",
            st.small))
    if len(visible) < 2:
        out += _too_few(rounds, results, st)
        return out, info
    benchmark = next((r.benchmark for r in reversed(results) if r.benchmark), None)
    out.append(Paragraph("Overall average", st.h2))
    out.append(line_chart(labels, [Series("Overall average", [r.overall for r in results], True,
                                           bounds=[_bounds(r.overall_interval) for r in results])],
                          TEXT_WIDTH, 62 * mm, benchmark=benchmark.value if benchmark else None,
                          legend=False))
    out.append(para("The bars (or the pale band) around each point show its 95% interval: "
                    "where the true average most likely lies. A round that kept only its "
                    "totals has none for its overall average.", st.small))
    if benchmark:
        check_text(benchmark.label, "The benchmark's label")
        out.append(para(f"Dashed line: {benchmark.label} ({fmt_score(benchmark.value)}).", st.small))
    progress(0.45, "Round by round")
    out.append(Spacer(1, 2 * mm))
    out.append(_rounds_table(rounds, results, st))
    for rnd, res in zip(rounds, results, strict=False):
        if res.converted_note:
            out.append(para(f"{rnd['label']}: {res.converted_note}", st.note,
                            "A round's label"))
    from spf_desktop.reports.peer_section import trend_peer_section  # other forums' files

    out += trend_peer_section(db, rounds, results, st)

    questions = _question_order(results)
    out.append(Paragraph("By question", st.h2))
    out.append(para(f"Each chart shows one question's mean score in every round ({SCALE_TEXT}); the "
                    "grey line is the overall average for comparison.", st.small))
    charts: list = []
    overall = [r.overall for r in results]
    for n, (key, text) in enumerate(questions, start=1):
        check_text(text, f"The text of question {n}")
        found = [next((q for q in r.questions if q.info.key == key), None) for r in results]
        means = [q.stats.mean if q else None for q in found]
        bounds = [_bounds(q.interval) if q else None for q in found]
        charts.append(line_chart(
            labels, [Series("Overall", overall, colour=MUTED),
                     Series("Question", means, colour=ACCENT, bounds=bounds)],
            TEXT_WIDTH / 2 - 4, 48 * mm, title=f"{n}. {text}", legend=False,
        ))
    grid = [charts[i:i + 2] + [""] * (2 - len(charts[i:i + 2])) for i in range(0, len(charts), 2)]
    table = Table(grid, colWidths=[TEXT_WIDTH / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    out.append(table)
    progress(0.5, "Question tables")
    out += _matrix("Mean score by question", rounds, results, questions, st, changes=False)
    out += _matrix("Change from the round before, by question", rounds, results, questions, st,
                   changes=True)
    return out, info


def _bounds(interval: Interval | None) -> tuple[float, float] | None:
    return (interval.low, interval.high) if interval is not None and has_bounds(interval) else None


def _rounds_table(rounds: list[dict], results: list[RoundResults], st: Styles) -> Table:
    """One row per round: date, responses, overall average and the change from the round
    before, with the change's 95% interval and verdict."""
    rows: list[list] = [[para(h, st.head) for h in (
        "Round", "Date", "Responses", "Overall average", "Change", "Change could be")]]
    for rnd, res in zip(rounds, results, strict=True):
        ci = res.overall_change_interval
        rows.append([
            para(rnd["label"], st.cell), long_date(rnd["date"]), str(res.responses),
            fmt_score(res.overall) if res.visible else "hidden",
            fmt_change(res.overall_change) if res.visible else "-",
            # plain text, not a paragraph: a forum may have hundreds of rounds
            _change_words(ci) if res.visible and ci else "-",
        ])
    widths = [TEXT_WIDTH - 80 - 64 - 56 - 46 - 150, 80, 64, 56, 46, 150]
    return grid_table(rows, widths, align_right_from=2)


def _change_words(ci: Interval) -> str:
    """"+0.28 to +1.03, a real rise", or the verdict alone when there are no bounds."""
    return f"{fmt_interval(ci)}, {ci.verdict}" if has_bounds(ci) else could_be(ci)


def _too_few(rounds: list[dict], results: list[RoundResults], st: Styles) -> list[Flowable]:
    """What a forum with fewer than two rounds of results gets instead of empty charts.

    A line through one point says nothing, and a chart with no line looks like a
    fault; so the report says plainly what a trend needs and when it will have it.
    """
    shown = [res for res in results if res.visible]
    if len(rounds) == 1:
        why = ("A trend needs at least two audit rounds, and this forum has one so far. "
               "There is nothing to compare yet, so this report has no charts.")
    else:
        why = (f"A trend needs at least two audit rounds with results. This forum has "
               f"{len(rounds)} rounds, but only {len(shown) or 'none'} of them "
               f"{'has' if len(shown) == 1 else 'have'} enough responses to show figures "
               "(the rest are hidden to protect anonymity), so this report has no charts.")
    out: list[Flowable] = [para(why, st.note), Paragraph("What there is so far", st.h2),
                           _rounds_table(rounds, results, st), Spacer(1, 4 * mm)]
    out.append(para(
        "The audit report of a round has its own figures, question by question. Run the next "
        "round (the SPF toolkit suggests once a year) and this report will show the change "
        "from round to round, overall and for each question.", st.body))
    return out


def _matrix(title: str, rounds: list[dict], results: list[RoundResults],
            questions: list[tuple[str, str]], st: Styles, *, changes: bool) -> list[Flowable]:
    """A table: one row per round, one column per question (numbered as above)."""
    out: list[Flowable] = [Paragraph(title, st.h2)]
    keys = [k for k, _ in questions]
    col = min(36.0, (TEXT_WIDTH - 70) / max(len(keys), 1))
    first_w = TEXT_WIDTH - col * len(keys)
    header = ["Round"] + [f"Q{n}" for n in range(1, len(keys) + 1)]
    rows: list[list] = [header]
    for rnd, res in zip(rounds, results, strict=True):
        by_key = {q.info.key: q for q in res.questions}
        cells = []
        for key in keys:
            q = by_key.get(key)
            if not res.visible or q is None:
                cells.append("-")
            else:
                cells.append(fmt_change(q.change) if changes else fmt_score(q.stats.mean))
        rows.append([para(rnd["label"], st.cell)] + cells)
    out.append(grid_table(rows, [first_w] + [col] * len(keys), align_right_from=1))
    return out
