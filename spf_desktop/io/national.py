"""The national view: many forums' benchmark files in one SQLite file for Datasette.

``build`` reads every file whole first (``io.benchmark_file.read``: checksum,
format, and no group below its minimum), then writes plain tables and views
with sqlite-utils, and a ``metadata.json`` beside the file with titles,
descriptions, units and canned queries. Serve it read-only with::

    datasette national.db -m metadata.json

Tables: ``forums`` (one per file), ``rounds``, ``questions`` and ``results``
(per round and question: count, skips, mean and the 0 to 10 distribution, the
figures the files hold and nothing else). Averages across forums use the
questions every file shares ("comparable questions"), so each forum's overall
average is over the same questions.

Refused with nothing written: no file, a file that cannot be read, the same
forum twice, files without one question in common.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.scoring import SCALE, overall_average
from spf_desktop.io.benchmark_file import BenchmarkFile, mean_of, read

METADATA_NAME = "metadata.json"
SCORE_UNIT = "score on the 0 to 10 scale"

#: The national view's tables (its views are VIEWS).
TABLES = ("forums", "questions", "rounds", "results")

VIEWS = {
    "latest_rounds": """
        SELECT r.* FROM rounds r
        WHERE r.date = (SELECT max(date) FROM rounds x WHERE x.forum_id = r.forum_id)""",
    "forum_changes": """
        SELECT f.name AS forum, cur.date AS latest_round, cur.overall_average AS latest_average,
               prev.date AS previous_round, prev.overall_average AS previous_average,
               round(cur.overall_average - prev.overall_average, 2) AS change
        FROM forums f
        JOIN latest_rounds cur ON cur.forum_id = f.id
        LEFT JOIN rounds prev ON prev.forum_id = f.id AND prev.date =
            (SELECT max(date) FROM rounds y WHERE y.forum_id = f.id AND y.date < cur.date)""",
}

QUERIES = {
    "forums_by_overall_average": {
        "title": "Forums by overall average",
        "description": "Each forum's latest round, highest overall average first (the mean "
                       "of the comparable questions' means, 0 to 10).",
        "sql": """SELECT f.name AS forum, r.date AS round_date, r.responses,
       r.overall_average
FROM latest_rounds r JOIN forums f ON f.id = r.forum_id
ORDER BY r.overall_average DESC, f.name""",
    },
    "each_question_across_forums": {
        "title": "Each question across forums",
        "description": "Per comparable question, over each forum's latest round: how many "
                       "forums show a mean, and their lowest, average and highest mean.",
        "sql": """SELECT q.position, q.key, q.text AS question, count(s.mean) AS forums,
       round(min(s.mean), 2) AS lowest, round(avg(s.mean), 2) AS average,
       round(max(s.mean), 2) AS highest
FROM questions q
JOIN results s ON s.key = q.key
JOIN latest_rounds r ON r.id = s.round_id
WHERE q.comparable = 1
GROUP BY q.key ORDER BY q.position""",
    },
    "change_since_last_round": {
        "title": "Change since last round",
        "description": "Each forum's latest overall average against its round before.",
        "sql": """SELECT forum, latest_round, latest_average, previous_round, previous_average,
       change
FROM forum_changes ORDER BY change DESC, forum""",
    },
}


def _read_all(files: list[Path]) -> list[BenchmarkFile]:
    if not files:
        raise ValidationError("Give at least one benchmark file (.spfbench) to build from; "
                              "nothing was written.")
    read_files = [read(f) for f in files]
    seen: dict[str, Path] = {}
    for bf in read_files:
        if bf.source_id in seen:
            raise ValidationError(
                f"{seen[bf.source_id].name} and {bf.path.name} come from the same forum "
                f'("{bf.name}"); a forum is counted once. Keep the newer file; nothing was '
                "written.")
        seen[bf.source_id] = bf.path
    return read_files


def _comparable(read_files: list[BenchmarkFile]) -> dict[str, tuple[int, str]]:
    """The question keys every file holds with the same wording, with position and text."""
    common: dict[str, str] | None = None
    order: dict[str, int] = {}
    for bf in read_files:
        texts = bf.texts()
        for n, key in enumerate(texts, start=1):
            order.setdefault(key, n)
        common = dict(texts) if common is None else {
            k: t for k, t in common.items() if texts.get(k) == t}
    if not common:
        names = ", ".join(bf.path.name for bf in read_files)
        raise ValidationError(f"The files {names} have no question in common (same key and "
                              "wording), so there is nothing to compare; nothing was written.")
    return {k: (order[k], t) for k, t in common.items()}


def build(files: list[Path], out: Path, *, force: bool = False) -> str:
    """Write the national database and its metadata.json; returns a one-line summary."""
    from spf_desktop.store.targets import check_target

    read_files = _read_all([Path(f) for f in files])
    comparable = _comparable(read_files)
    out = check_target(Path(out), None, force=force)
    meta_path = check_target(out.with_name(METADATA_NAME), None, force=force)
    if not out.parent.is_dir():
        raise ValidationError(f"The folder {out.parent} does not exist.")
    # --force replaces only an earlier national view and its metadata: never an
    # archive, a backup or any other file that happens to have the name.
    if out.exists() and not is_national_view(out):
        raise ValidationError(f"{out} is not a national view built by this command, so it "
                              "is never replaced. Choose another file name.")
    if meta_path.exists() and not _is_metadata(meta_path):
        raise ValidationError(f"{meta_path} is not a national view's metadata, so it is "
                              "never replaced. Build the view in another folder.")
    from spf_desktop.store.atomic import atomic_path, write_text

    with atomic_path(out) as tmp:  # whole or not at all, readable by its owner only
        db = Database(tmp)
        try:
            _write(db, read_files, comparable)
        finally:
            db.close()
    write_text(meta_path, json.dumps(metadata(out.stem), indent=2) + "\n")
    rounds = sum(len(bf.content["rounds"]) for bf in read_files)
    return (f"National view written to {out} ({len(read_files)} forums, {rounds} rounds, "
            f"{len(comparable)} comparable questions), with {meta_path.name}. Serve it with: "
            f"datasette {out.name} -m {meta_path.name}")


def is_national_view(path: Path) -> bool:
    """True for a SQLite file holding exactly a national view's tables and views."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return names == set(TABLES) | set(VIEWS)


def _is_metadata(path: Path) -> bool:
    from spf_desktop.io.safe_json import JsonFileProblem, load_file

    try:
        data = load_file(path, 1_000_000, "a national view's metadata")
    except (OSError, UnicodeDecodeError, JsonFileProblem):
        return False
    return isinstance(data, dict) and set(data) <= {"title", "description", "license",
                                                     "source", "about", "databases"}


def _write(db: Database, read_files: list[BenchmarkFile],
           comparable: dict[str, tuple[int, str]]) -> None:
    forums, rounds, results = [], [], []
    questions: dict[str, dict] = {}
    for bf in read_files:
        c = bf.content
        forums.append({"id": bf.source_id, "name": bf.name, "file": bf.path.name,
                       "exported_on": c["exported_on"], "app_version": c.get("app_version", ""),
                       "rounds": len(c["rounds"])})
        for key, text in bf.texts().items():
            if key not in questions:
                pos = comparable.get(key, (len(questions) + 1000, text))[0]
                questions[key] = {"key": key, "text": text, "position": pos,
                                  "comparable": int(key in comparable)}
        for r in c["rounds"]:
            means = {}
            for q in r["questions"]:
                dist = q["distribution"]
                mean = mean_of(dist)
                means[q["key"]] = mean
                row = {"round_id": r["id"], "forum_id": bf.source_id, "date": r["date"],
                       "key": q["key"], "count": q["count"], "skips": q["skips"],
                       "mean": mean}
                for score in SCALE:
                    row[f"scored_{score}"] = None if dist is None else dist[score - SCALE[0]]
                sides = q.get("by_side") or {}
                for side in ("staff", "management"):
                    row[f"{side}_mean"] = mean_of(sides.get(side))
                results.append(row)
            rounds.append({"id": r["id"], "forum_id": bf.source_id, "date": r["date"],
                           "responses": r["responses"], "min_group": r["min_group"],
                           "question_set": r["question_set"]["lineage"],
                           "question_set_version": r["question_set"]["version"],
                           "overall_average": overall_average(
                               means.get(k) for k in comparable)})
    with db.conn:
        db.table("forums").insert_all(forums, pk="id")
        db.table("questions").insert_all(sorted(questions.values(), key=lambda q: q["position"]),
                                   pk="key")
        db.table("rounds").insert_all(rounds, pk="id", foreign_keys=[("forum_id", "forums", "id")])
        db.table("results").insert_all(results, pk=("round_id", "key"),
                                 foreign_keys=[("round_id", "rounds", "id"),
                                               ("forum_id", "forums", "id"),
                                               ("key", "questions", "key")])
    db.table("rounds").create_index(["forum_id", "date"])
    db.table("results").create_index(["key"])
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip())


def metadata(database: str) -> dict:
    """Datasette's metadata: titles, descriptions, the unit of each figure (in its
    column's description: Datasette's own "units" take physical units only) and the
    canned queries."""
    return {
        "title": "SPF audit results across forums",
        "description": "Partnership behaviours audit results of Social Partnership Forums, from "
                       "the aggregate-only benchmark files each forum exported from SPF "
                       "Desktop. No response, comment or person is in this database: only "
                       "counts, skips, score distributions and means of closed rounds, and "
                       "only where each forum's minimum group size allowed.",
        "databases": {database: {
            "tables": {
                "forums": {"description": "One row per forum (one benchmark file each), by "
                                          "the name or region label it chose."},
                "rounds": {"description": "Closed audit rounds. overall_average: mean of the "
                                          "comparable questions' means.",
                           "columns": {"overall_average": SCORE_UNIT,
                                       "responses": "number of responses",
                                       "min_group": "the forum's minimum group size"}},
                "questions": {"description": "Questions by key; comparable = 1 when every "
                                             "file asks it with the same wording."},
                "results": {"description": "Per round and question: how many scored it, "
                                          "skipped it, and gave each score from 0 to 10 "
                                          "(empty where the group was too small to show).",
                            "columns": {"mean": SCORE_UNIT, "count": "people who scored it",
                                        "skips": "people who skipped it",
                                        "staff_mean": SCORE_UNIT,
                                        "management_mean": SCORE_UNIT}},
            },
            "queries": {name: dict(q) for name, q in QUERIES.items()},
        }},
    }
