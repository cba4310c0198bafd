"""The audit report's "Other forums" section: where the round stands among the other
forums' benchmark files in the archive (``store.peers``, ``domain.peer_benchmarks``).

Kept apart from reports.audit so the audit report only calls ``peer_section``.
Only aggregates of other forums are used; a typed benchmark stays in the
headline, labelled as typed.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from spf_desktop.domain.results import RoundResults
from spf_desktop.domain.scoring import fmt_score
from spf_desktop.reports.styles import TEXT_WIDTH, Styles, grid_table, para
from spf_desktop.store.peers import comparison, comparison_of, peer_rounds


def peer_section(db, round_id: str, results: RoundResults, st: Styles) -> list[Flowable]:
    """The section, or nothing when no other forum has a comparable round."""
    cmp = comparison(db, round_id)
    if cmp is None or cmp.overall is None:
        return []
    out: list[Flowable] = [Paragraph("Other forums", st.h2),
                           para(cmp.sentence(), st.body, "A benchmark file's forum name")]
    header = ["", "Question", "This round", "Median", "Middle half", "Position"]
    rows: list[list] = [[para(h, st.head) for h in header]]
    for q in results.questions:
        s = cmp.by_question.get(q.info.key)
        if s is None:
            continue
        iqr = s.iqr
        rows.append([str(q.info.position),
                     para(q.info.text, st.cell, f"The text of question {q.info.position}"),
                     fmt_score(s.value), fmt_score(s.median),
                     f"{fmt_score(iqr[0])}–{fmt_score(iqr[1])}" if iqr else "-",
                     para(s.position(), st.cell)])
    fixed = [14, 46, 46, 62, 96]
    out.append(grid_table(rows, [fixed[0], TEXT_WIDTH - sum(fixed)] + fixed[1:],
                          align_right_from=2))
    out.append(para("From the benchmark files of: " + ", ".join(cmp.names) + ". Each gives "
                    "aggregates only; its latest round on or before this round is used."
                    + (f' The benchmark "{results.benchmark.label}" above is a typed figure, '
                       "not from these files." if results.benchmark else ""),
                    st.small, "A benchmark file's forum name"))
    return out


def trend_peer_section(db, rounds: list[dict], results: list[RoundResults],
                       st: Styles) -> list[Flowable]:
    """The trend report's lines: each round's overall average among the other forums'
    (nothing when no other forum has a comparable round)."""
    peers = peer_rounds(db)
    rows: list[list] = []
    for rnd, res in zip(rounds, results, strict=True):
        cmp = comparison_of(rnd["date"], res, peers)
        if cmp is None or cmp.overall is None:
            continue
        o = cmp.overall
        iqr = o.iqr
        rows.append([para(rnd["label"], st.cell, f"The label of the round of {rnd['date']}"),
                     fmt_score(o.value), str(o.forums), fmt_score(o.median),
                     f"{fmt_score(iqr[0])}–{fmt_score(iqr[1])}" if iqr else "-",
                     para(o.position(), st.cell)])
    if not rows:
        return []
    header = ["Round", "Average", "Forums", "Median", "Middle half", "Position"]
    fixed = [46, 42, 46, 62, 110]
    return [Paragraph("Other forums", st.h2),
            para("Each round's overall average among the other forums' latest comparable "
                 "rounds on or before it, from their benchmark files (aggregates only).",
                 st.small),
            grid_table([[para(h, st.head) for h in header], *rows],
                       [TEXT_WIDTH - sum(fixed), *fixed], align_right_from=1)]
