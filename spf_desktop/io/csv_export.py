"""CSV files for Excel users: a round's answers (anonymous, shuffled) and its results.

Written as UTF-8 with a byte order mark, which Excel needs to show accents
and curly quotes correctly, and with Windows line ends.

Safe to open: a text cell that a spreadsheet would take for a formula (it
begins with =, +, -, @, a tab or a carriage return) gets a leading ' so it is
shown as text, as OWASP advises against CSV injection. Numbers are written as
numbers and left alone. The file is readable by its owner only.
"""

from __future__ import annotations

import csv
import re
import secrets
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.figures import Interval, has_bounds
from spf_desktop.domain.questions import SIDE_LABELS
from spf_desktop.domain.results import COMPARED_SIDES, open_reason
from spf_desktop.domain.scoring import SCALE, fmt_change, fmt_score, group_visible
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.store import repo
from spf_desktop.store.atomic import atomic_open
from spf_desktop.store.audit import comments_screened
from spf_desktop.store.results import load_round_results
from spf_desktop.store.targets import guard_target
from spf_desktop.store.writable import write_problem

#: What a spreadsheet may read as the start of a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def neutralise(value: object) -> object:
    """A cell made safe to open: text that could start a formula gets a leading '.

    Numbers (ints and floats, and text that is only a plain number such as a
    change of "-0.40") are not touched.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def _write(target: Path, rows: list[list[object]]) -> Path:
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    try:
        with atomic_open(target, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, dialect="excel").writerows(
                [neutralise(cell) for cell in row] for row in rows)
    except OSError as exc:
        raise write_problem(target, exc, error=ValidationError) from exc
    return target


def export_answers(db: Database, round_id: str, target: str | Path, *,
                   comments: bool = False) -> tuple[Path, str]:
    """One row per response, in a fresh random order, no key. Returns (path, a note).

    Refused below the round's minimum group size, and while the round is open,
    as the results are. The side column is there only when the results compare
    the sides (domain.results: every group by side, per question too, is empty or
    at least the minimum), and "prefer not to say" and no answer are written
    alike, as one group. Comments are included only from a closed round whose comments the
    facilitator has screened; otherwise they are left out and the note says why.
    """
    guard_target(db, Path(target))
    rnd = repo.require(db, "rounds", round_id)
    minimum = rnd["min_group_size"]
    count = repo.response_count(db, round_id)
    if not group_visible(count, minimum):
        raise ValidationError(
            f'The round "{rnd["label"]}" has {count} responses; answers are exported only from '
            f"{minimum}, so that nobody's answers can be picked out.")
    if rnd["status"] == RoundStatus.OPEN:
        raise ValidationError(f'"{rnd["label"]}": ' + open_reason(count))
    questions = repo.questions(db, rnd["question_set_id"])
    by_key: dict[str, dict[str, tuple[int | None, str | None]]] = {}
    sides: dict[str, str | None] = {}
    for key, side, qid, score, comment in db.execute(
        """SELECT s.key, s.side, a.question_id, a.score, a.comment FROM responses s
           JOIN answers a ON a.response_key = s.key WHERE s.round_id = ?""", [round_id],
    ).fetchall():
        by_key.setdefault(key, {})[qid] = (score, comment)
        sides[key] = side
    if not by_key:
        raise ValidationError(
            f'The raw answers of "{rnd["label"]}" were purged under the retention rule; '
            "export its results instead.")
    results = load_round_results(db, round_id)
    with_side = results.sides_visible
    notes = []
    if comments and rnd["status"] != RoundStatus.CLOSED:
        comments = False
        notes.append("The comments are left out: comments are exported only from a closed "
                     "round.")
    elif comments and not comments_screened(db, round_id):
        comments = False
        notes.append("The comments are left out: some have not been screened yet. Screen them "
                     "(Audit > Comments) and export again.")
    header: list[object] = (["Side"] if with_side else [])
    for q in questions:
        header.append(f"{q['position']}. {q['text']}")
        if comments:
            header.append(f"{q['position']}. Comment")
    keys = list(by_key)
    secrets.SystemRandom().shuffle(keys)
    rows: list[list[object]] = [header]
    for key in keys:
        row: list[object] = [_side_label(sides[key])] if with_side else []
        for q in questions:
            score, comment = by_key[key].get(q["id"], (None, None))
            row.append("" if score is None else score)
            if comments:
                row.append(comment or "")
        rows.append(row)
    if not with_side:
        notes.insert(0, "The side column is left out. " + results.sides_reason)
    return _write(Path(target), rows), " ".join(notes)


#: "Prefer not to say" and no answer are one group: apart, either could be one person.
NO_SIDE = "Prefer not to say or not given"


def _side_label(side: str | None) -> str:
    return SIDE_LABELS[side] if side in COMPARED_SIDES else NO_SIDE


def _bounds(interval: Interval | None, *, signed: bool = True) -> list[object]:
    """Lower, upper and verdict of an interval; blank bounds (and the reason as the
    verdict) when there are none."""
    if interval is None:
        return ["", "", ""]
    if not has_bounds(interval):
        return ["", "", interval.verdict]
    fmt = fmt_change if signed else fmt_score
    return [fmt(interval.low), fmt(interval.high), interval.verdict]


def export_results(db: Database, round_id: str, target: str | Path) -> Path:
    """Per question: count, skips, mean, median, spread, the 0..10 distribution and
    changes; then each figure's 95% interval (lower and upper) and verdict, and the
    spread (SD, IQR, shape)."""
    guard_target(db, Path(target))
    results = load_round_results(db, round_id)
    if not results.visible:
        raise ValidationError(results.hidden_reason)
    header: list[object] = ["Question number", "Question", "Answered", "Skipped", "Mean",
                            "Median", "Lowest", "Highest"]
    header += [f"Gave {n}" for n in SCALE]
    header += ["Previous round mean", "Change"]
    if results.sides_visible:
        header += ["Staff side mean", "Management side mean"]
    header += ["Mean lower (95%)", "Mean upper (95%)", "Mean verdict",
               "Change lower (95%)", "Change upper (95%)", "Change verdict",
               "Standard deviation", "Interquartile range", "Shape"]
    if results.sides_visible:
        header += ["Side gap (management minus staff)", "Side gap lower (95%)",
                   "Side gap upper (95%)", "Side gap verdict"]
    rows: list[list[object]] = [header]
    for q in results.questions:
        st = q.stats
        spread = st.spread or ("", "")
        row: list[object] = [q.info.position, q.info.text, st.count, st.skips,
                             fmt_score(st.mean), fmt_score(st.median), spread[0], spread[1],
                             # a converted question counts its own points, not 0..10
                             *(("",) * len(SCALE) if q.too_few or st.points is not None
                               else st.distribution),
                             fmt_score(q.previous_mean), fmt_change(q.change)]
        if results.sides_visible:
            row += [fmt_score(q.by_side["staff"].mean), fmt_score(q.by_side["management"].mean)]
        row += _bounds(q.interval, signed=False) + _bounds(q.change_interval)
        sp = q.spread
        row += ["", "", ""] if sp is None else [fmt_score(sp.sd), f"{sp.iqr:g}", sp.shape]
        if results.sides_visible:
            row += [fmt_change(q.gap.estimate) if q.gap else ""] + _bounds(q.gap)
        rows.append(row)
    overall: list[object] = ["", f"Overall average of {results.responses} responses "
                             "(the mean of the question means)", "", "",
                             fmt_score(results.overall), "", "", ""]
    overall += [""] * len(SCALE)
    overall += [fmt_score(results.previous.overall if results.previous else None),
                fmt_change(results.overall_change)]
    if results.sides_visible:
        overall += [fmt_score(results.side_overall.get("staff")),
                    fmt_score(results.side_overall.get("management"))]
    overall += (_bounds(results.overall_interval, signed=False)
                + _bounds(results.overall_change_interval) + ["", "", ""])
    if results.sides_visible:
        gap = results.side_gap
        overall += [fmt_change(gap.estimate) if gap else ""] + _bounds(gap)
    rows.append(overall)
    return _write(Path(target), rows)
