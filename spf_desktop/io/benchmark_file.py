"""Benchmark files: a forum's audit figures, aggregates only, for other forums to compare with.

The format (version 1) is one UTF-8 JSON object, documented in docs/benchmark-format.md::

    {
      "format": "spf-desktop-benchmark",
      "format_version": 1,
      "sha256": "<SHA-256 of content as canonical JSON, as merge files>",
      "content": {
        "id": "<the file's id>", "source": {"id": "<the forum's id, hashed>", "name": "..."},
        "exported_on": "YYYY-MM-DD", "app_version": "...",
        "question_sets": [{"lineage", "version", "name", "questions": [{"key", "text"}]}],
        "rounds": [{"id", "date", "question_set": {"lineage", "version"}, "min_group",
                    "responses", "sides": {"staff", "management", "other"} | null,
                    "questions": [{"key", "count", "skips", "distribution": [11] | null,
                                   "by_side": {"staff": [11], "management": [11]} | null}]}]
      }
    }

Only closed rounds whose results show figures go in, and only the figures the
results screen shows (``domain.results``: a question scored by fewer than the
minimum keeps its counts only; sides only where ``sides_rule`` allows, so the
rest, total minus both sides, is never a group below the minimum either). No
response, comment, response key, round label or time of day; the forum and
round ids are one-way hashes, so files can be matched without naming records.

Reading checks the checksum and every group a file reveals: a file in which
any group is below its own minimum, or below 3, is refused whole.

Why this module is long: writing and reading share one format, and the reader
checks every figure the writer may put in, by name and place.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from spf_desktop import __version__
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.scoring import MIN_GROUP_FLOOR, SCALE
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io.merge import checksum
from spf_desktop.io.safe_json import JsonFileProblem, check_size, load_text
from spf_desktop.store import repo
from spf_desktop.store.atomic import atomic_open
from spf_desktop.store.results import load_round_results

FORMAT = "spf-desktop-benchmark"
FORMAT_VERSION = 1
SUFFIX = ".spfbench"
#: A forum's whole history as aggregates is a few hundred kilobytes.
MAX_FILE_BYTES = 20_000_000
SIDES = ("staff", "management")


class BenchmarkFileError(ValidationError):
    """The benchmark file cannot be read; nothing was changed."""

    def __init__(self, path: Path, where: str, what: str) -> None:
        self.path = path
        super().__init__(f"Nothing was imported from {path}.\n{path.name}: {where}: {what}")


def hashed_id(kind: str, record_id: str) -> str:
    """A record's id as it appears in a benchmark file: the same id always gives the same
    text, and the text gives no way back to the archive's id."""
    return hashlib.sha256(f"spf-benchmark:{kind}:{record_id}".encode()).hexdigest()[:32]


# -- export ---------------------------------------------------------------------

def _round_entry(db: Database, rnd: dict) -> dict | None:
    """One closed round's figures as its results show them, or None when it shows none."""
    results = load_round_results(db, rnd["id"])
    if not results.visible:
        return None
    questions = []
    for q in results.questions:
        # A question answered on another scale (1 to 5 stars, say) has no 0 to 10
        # distribution: it goes as counts only, like a question too few scored.
        counts_only = q.too_few or q.stats.points is not None
        entry: dict[str, Any] = {
            "key": q.info.key, "count": q.stats.count, "skips": q.stats.skips,
            "distribution": None if counts_only else list(q.stats.distribution),
            "by_side": None,
        }
        if results.sides_visible and not counts_only:
            entry["by_side"] = {s: list(q.by_side[s].distribution) for s in SIDES}
        questions.append(entry)
    counts = results.side_counts
    qs = repo.require(db, "question_sets", rnd["question_set_id"])
    return {
        "id": hashed_id("round", rnd["id"]),
        "date": rnd["date"],
        "question_set": {"lineage": qs["lineage"], "version": qs["version"]},
        "min_group": results.min_group,
        "responses": results.responses,
        "sides": ({"staff": counts["staff"], "management": counts["management"],
                   "other": counts["undisclosed"]} if results.sides_visible else None),
        "questions": questions,
    }


def shared_entry(db: Database, round_id: str) -> dict | None:
    """The round's figures as a benchmark file first shared them (None: never shared).

    Every later file carries these again: two files of a round that gained
    responses in between would otherwise differ by exactly the late answers."""
    row = db.execute("SELECT entry FROM benchmark_shared WHERE round_id = ?",
                     [round_id]).fetchone()
    return load_text(row[0]) if row else None


def record_shared(db: Database, forum_id: str, content: dict, today: date | None = None) -> int:
    """Record, for each round of ``content`` not yet recorded, the figures it shares.
    Returns how many rounds were recorded now."""
    by_hash = {hashed_id("round", r["id"]): r["id"] for r in repo.rounds(db, forum_id)}
    day = (today or date.today()).isoformat()
    added = 0
    with db.atomic():
        for entry in content["rounds"]:
            round_id = by_hash.get(entry["id"])
            if round_id is None or shared_entry(db, round_id) is not None:
                continue
            db.execute("INSERT INTO benchmark_shared (round_id, entry, shared_on) "
                       "VALUES (?, ?, ?)", [round_id, json.dumps(entry, sort_keys=True), day])
            added += 1
    return added


def build_content(db: Database, forum_id: str, *, since: str | None = None,
                  region: str | None = None, today: date | None = None) -> dict:
    """What a benchmark file of ``forum_id`` holds: the preview and the file show this."""
    forum = repo.require(db, "forums", forum_id)
    name = (region if region is not None else forum["name"]).strip()
    if not name:
        raise ValidationError("The region label is empty: give a name other forums will see.")
    rounds = []
    set_ids: list[str] = []
    for rnd in repo.rounds(db, forum_id):
        if rnd["status"] != RoundStatus.CLOSED or (since and rnd["date"] < since):
            continue
        entry = shared_entry(db, rnd["id"]) or _round_entry(db, rnd)
        if entry is not None:
            rounds.append(entry)
            if rnd["question_set_id"] not in set_ids:
                set_ids.append(rnd["question_set_id"])
    if not rounds:
        raise ValidationError(
            f'The forum "{forum["name"]}" has no closed round with enough responses'
            + (f" since {since}" if since else "") + ", so there is nothing to share.")
    rounds.sort(key=lambda r: (r["date"], r["id"]))
    sets = []
    for set_id in set_ids:
        qs = repo.require(db, "question_sets", set_id)
        sets.append({"lineage": qs["lineage"], "version": qs["version"], "name": qs["name"],
                     "questions": [{"key": q["key"], "text": q["text"]}
                                   for q in repo.questions(db, set_id)]})
    exported_on = (today or date.today()).isoformat()
    source_id = hashed_id("forum", forum_id)
    file_id = hashlib.sha256(json.dumps([source_id, name, rounds], sort_keys=True)
                             .encode()).hexdigest()[:32]
    return {"id": file_id, "source": {"id": source_id, "name": name},
            "exported_on": exported_on, "app_version": __version__,
            "question_sets": sets, "rounds": rounds}


def describe(content: dict) -> str:
    """Exactly what the file holds, in words, for the user to see before saving."""
    lines = [f'Benchmark file for "{content["source"]["name"]}", made on '
             f'{content["exported_on"]} by SPF Desktop {content["app_version"]}.',
             "It holds, for each closed round below, per question: how many scored it, how "
             "many skipped it and how many gave each score from 0 to 10. No response, "
             "comment, response key, round name or time of day. A round already shared "
             "keeps the figures it was first shared with, even if answers were added "
             "since, so that no two files differ by a few people's answers."]
    for r in content["rounds"]:
        hidden = sum(1 for q in r["questions"] if q["distribution"] is None)
        sides = ("figures by side (staff {staff}, management {management}, other {other})"
                 .format(**r["sides"]) if r["sides"] else "no figures by side")
        lines.append(f"- {r['date']}: {r['responses']} responses, {len(r['questions'])} "
                     f"questions ({hidden} with counts only), {sides}; minimum group "
                     f"{r['min_group']}.")
    return "\n".join(lines)


def export(db: Database, forum_id: str, target: str | Path, *, since: str | None = None,
           region: str | None = None, today: date | None = None) -> Path:
    """Write a benchmark file (to a temporary name first)."""
    from spf_desktop.store.targets import guard_target

    target = guard_target(db, Path(target))
    content = build_content(db, forum_id, since=since, region=region, today=today)
    # Recorded before the file is written: a figure recorded but never sent is harmless,
    # a figure sent but not recorded could later be subtracted from a changed one.
    record_shared(db, forum_id, content, today)
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": checksum(content),
           "content": content}
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    try:
        with atomic_open(target, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1, allow_nan=False)
            fh.write("\n")
    except OSError as exc:
        raise ValidationError(f"Could not write {target}: {exc.strerror}.") from exc
    return target


# -- reading ----------------------------------------------------------------------

@dataclass(frozen=True)
class BenchmarkFile:
    path: Path
    content: dict

    @property
    def id(self) -> str:
        return str(self.content["id"])

    @property
    def source_id(self) -> str:
        return str(self.content["source"]["id"])

    @property
    def name(self) -> str:
        return str(self.content["source"]["name"])

    def texts(self) -> dict[str, str]:
        """Each question key's wording."""
        return {q["key"]: q["text"] for s in self.content["question_sets"] for q in s["questions"]}


def read(path: str | Path) -> BenchmarkFile:
    """Read and check a benchmark file. Changes nothing; BenchmarkFileError says why not."""
    path = Path(path)
    try:
        check_size(path, MAX_FILE_BYTES, "a benchmark file")
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise BenchmarkFileError(path, "the file", f"cannot be read ({exc.strerror}).") from exc
    except JsonFileProblem as exc:
        raise BenchmarkFileError(path, exc.where, f"this is not a benchmark file ({exc.what}).") from None
    except UnicodeDecodeError as exc:
        raise BenchmarkFileError(path, f"byte {exc.start}",
                                 "this is not a benchmark file (it is not UTF-8 text).") from None
    try:
        doc = load_text(text)
    except JsonFileProblem as exc:
        cut = bool(exc.msg) and FORMAT in text[:200] and not text.endswith("}\n")
        raise BenchmarkFileError(
            path, exc.where,
            "the file ends too early: it was cut off, perhaps by a copy that did not finish. "
            "Ask the forum that sent it for a new copy." if cut else
            f"this is not a benchmark file, or it is damaged ({exc.msg or exc.what}).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BenchmarkFileError(path, 'the field "format"',
                                 "this is not an SPF Desktop benchmark file.")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BenchmarkFileError(path, 'the field "format_version"',
                                 f"{version!r} is not a format version.")
    if version > FORMAT_VERSION:
        raise BenchmarkFileError(
            path, 'the field "format_version"',
            f"the file is in format version {version}, made by a newer SPF Desktop; this "
            f"version reads format {FORMAT_VERSION} only. Update SPF Desktop on this laptop.")
    content = doc.get("content")
    try:
        actual = checksum(content)
    except (ValueError, TypeError, RecursionError):
        actual = ""
    if doc.get("sha256") != actual:
        raise BenchmarkFileError(
            path, 'the field "sha256"',
            "the checksum does not match the content: the file was cut off or changed after "
            "it was exported. Ask the forum that sent it for a new copy.")
    try:
        _check_content(content)
    except _Bad as exc:
        raise BenchmarkFileError(path, exc.where, exc.what) from None
    return BenchmarkFile(path, content)  # type: ignore[arg-type]


class _Bad(Exception):
    def __init__(self, where: str, what: str) -> None:
        self.where, self.what = where, what


def _need(value: object, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _Bad(where, "the value is missing or of the wrong kind.")
    return value


def _whole(value: object, where: str) -> int:
    n = _need(value, int, where)
    if n < 0 or n > 10_000_000:
        raise _Bad(where, f"{n} is not a number of people.")
    return int(n)


def _dist(value: object, where: str) -> list[int]:
    values = _need(value, list, where)
    if len(values) != len(SCALE):
        raise _Bad(where, f"a distribution has {len(SCALE)} counts (scores 0 to 10), not "
                          f"{len(values)}.")
    return [_whole(v, where) for v in values]


def _group(size: int, minimum: int, where: str, what: str) -> None:
    """Refuse a revealed group of 1 to minimum - 1 people."""
    if 0 < size < minimum:
        raise _Bad(where, f"{what} comes from {size} people, below the minimum group of "
                          f"{minimum}: the file could identify someone, so it is refused whole.")


def _check_content(content: object) -> None:
    c = _need(content, dict, 'the field "content"')
    _need(c.get("id"), str, 'the field "content.id"')
    source = _need(c.get("source"), dict, 'the field "content.source"')
    _need(source.get("id"), str, 'the field "content.source.id"')
    name = _need(source.get("name"), str, 'the field "content.source.name"')
    if not name.strip():
        raise _Bad('the field "content.source.name"', "the forum has no name.")
    _need(c.get("exported_on"), str, 'the field "content.exported_on"')
    keys: set[str] = set()
    for n, qs in enumerate(_need(c.get("question_sets"), list, "the question sets"), start=1):
        where = f"question set {n}"
        _need(qs, dict, where)
        for q in _need(qs.get("questions"), list, where):
            _need(q, dict, where)
            keys.add(_need(q.get("key"), str, where + ", a question's key"))
            _need(q.get("text"), str, where + ", a question's wording")
    rounds = _need(c.get("rounds"), list, 'the field "content.rounds"')
    if not rounds:
        raise _Bad('the field "content.rounds"', "the file holds no round.")
    seen: set[str] = set()
    for n, r in enumerate(rounds, start=1):
        _need(r, dict, f"round {n}")
        where = f"round {n} ({r.get('date')})"
        rid = _need(r.get("id"), str, where + ', field "id"')
        if rid in seen:
            raise _Bad(where, "the same round appears twice.")
        seen.add(rid)
        _need(r.get("date"), str, where + ', field "date"')
        qset = _need(r.get("question_set"), dict, where + ', field "question_set"')
        _need(qset.get("lineage"), str, where + ', the question set\'s "lineage"')
        _whole(qset.get("version"), where + ', the question set\'s "version"')
        minimum = max(_whole(r.get("min_group"), where + ', field "min_group"'), MIN_GROUP_FLOOR)
        responses = _whole(r.get("responses"), where + ', field "responses"')
        _group(responses, minimum, where, "the round")
        sides = r.get("sides")
        if sides is not None:
            _need(sides, dict, where + ', field "sides"')
            counts = {g: _whole(sides.get(g), f'{where}, side "{g}"')
                      for g in ("staff", "management", "other")}
            if sum(counts.values()) != responses:
                raise _Bad(where, "the sides do not add up to the responses.")
            for g, size in counts.items():
                _group(size, minimum, where, f'the side "{g}"')
        for q in _need(r.get("questions"), list, where + ', field "questions"'):
            _need(q, dict, where)
            key = _need(q.get("key"), str, where + ", a question's key")
            at = f'{where}, question "{key}"'
            if key not in keys:
                raise _Bad(at, "the question is not in the file's question sets.")
            count = _whole(q.get("count"), at + ', field "count"')
            skips = _whole(q.get("skips"), at + ', field "skips"')
            if count + skips != responses:
                raise _Bad(at, "its count and skips do not add up to the responses.")
            if q.get("distribution") is None:
                if q.get("by_side") is not None:
                    raise _Bad(at, "it has figures by side but none in total.")
                continue
            dist = _dist(q.get("distribution"), at + ', field "distribution"')
            if sum(dist) != count:
                raise _Bad(at, "its distribution does not add up to its count.")
            _group(count, minimum, at, "the distribution")
            by_side = q.get("by_side")
            if by_side is None:
                continue
            if sides is None:
                raise _Bad(at, "it has figures by side, but the round has none.")
            _need(by_side, dict, at + ', field "by_side"')
            rest = list(dist)
            for s in SIDES:
                d = _dist(by_side.get(s), f'{at}, side "{s}"')
                _group(sum(d), minimum, at, f'the side "{s}"')
                rest = [a - b for a, b in zip(rest, d, strict=True)]
            if any(v < 0 for v in rest):
                raise _Bad(at, "the sides hold more scores than the total.")
            _group(sum(rest), minimum, at, "the total minus both sides")


def mean_of(distribution: list[int] | None) -> float | None:
    """The mean score of a distribution (None when it is absent or empty)."""
    if not distribution or not sum(distribution):
        return None
    total = sum(score * n for score, n in zip(SCALE, distribution, strict=True))
    value = total / sum(distribution)
    return value if math.isfinite(value) else None
