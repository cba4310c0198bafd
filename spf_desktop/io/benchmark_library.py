"""Import other forums' benchmark files into the archive's library (``store.peers``).

A file is read and checked whole first (``io.benchmark_file.read``); then it is
refused, with nothing changed, when it comes from one of this archive's own
forums, from a forum already in the library (remove that source first to take
a newer file), or when none of its questions is asked here with the same key
and wording. The same file imported twice is a duplicate: nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.io.benchmark_file import BenchmarkFileError, hashed_id, mean_of, read
from spf_desktop.store import peers, repo


@dataclass(frozen=True)
class ImportResult:
    source_id: str
    name: str
    rounds: int
    duplicate: bool

    def describe(self) -> str:
        if self.duplicate:
            return (f'The benchmark file of "{self.name}" is already in the library; '
                    "nothing changed.")
        return (f'Imported the benchmark file of "{self.name}": {self.rounds} '
                f"round{'s' * (self.rounds != 1)}. Source id: {self.source_id}")


def _archive_wordings(db: Database) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, text in db.execute("SELECT key, text FROM questions"):
        out.setdefault(key, set()).add(text)
    return out


def import_file(db: Database, path: str | Path, *, today: date | None = None) -> ImportResult:
    """Add one benchmark file to the library, or refuse it whole (BenchmarkFileError)."""
    bf = read(path)
    path = Path(path)
    existing = peers.source_by_forum(db, bf.source_id)
    if existing is not None:
        if existing["id"] == bf.id:
            return ImportResult(existing["id"], existing["name"], 0, duplicate=True)
        raise BenchmarkFileError(
            path, "the file",
            f'the library already holds a file from this forum ("{existing["name"]}", '
            f"exported on {existing['exported_on']}). The same forum is never counted twice: "
            f"remove that source first ('spf-desktop benchmarks remove {existing['id']}') "
            "to take this newer file.")
    own = {hashed_id("forum", f["id"]): f["name"] for f in repo.forums(db)}
    if bf.source_id in own:
        raise BenchmarkFileError(
            path, "the file", f'it was exported from this archive\'s own forum "'
            f'{own[bf.source_id]}"; a forum is not compared with itself.')
    wordings = _archive_wordings(db)
    texts = bf.texts()
    if not any(text in wordings.get(key, set()) for key, text in texts.items()):
        raise BenchmarkFileError(
            path, "the question sets",
            "none of its questions is asked in this archive with the same key and wording: "
            "it uses another question set, so its figures cannot be compared here.")
    rounds = bf.content["rounds"]
    if peers.known_round_ids(db, [r["id"] for r in rounds]):
        raise BenchmarkFileError(path, "the rounds",
                                 "some of its rounds are already in the library from another "
                                 "file; a round is never counted twice.")
    source = {"id": bf.id, "source_id": bf.source_id, "name": bf.name,
              "exported_on": bf.content["exported_on"],
              "imported_on": (today or date.today()).isoformat(),
              "app_version": str(bf.content.get("app_version", "")), "file_name": path.name}
    round_rows = [{"id": r["id"], "source_id": bf.id, "date": r["date"],
                   "lineage": str(r["question_set"].get("lineage", "")),
                   "set_version": int(r["question_set"].get("version", 1)),
                   "min_group": max(r["min_group"], 3), "responses": r["responses"]}
                  for r in rounds]
    answers = [{"round_id": r["id"], "key": q["key"], "text": texts[q["key"]],
                "count": q["count"], "skips": q["skips"], "mean": mean_of(q["distribution"]),
                "distribution": (None if q["distribution"] is None
                                 else json.dumps(q["distribution"]))}
               for r in rounds for q in r["questions"]]
    with db.atomic():
        peers.add_source(db, source, round_rows, answers)
    return ImportResult(bf.id, bf.name, len(rounds), duplicate=False)


def import_demo_files(db: Database) -> int:
    """Import the demo's synthetic forums' benchmark files (resources/demo/benchmarks);
    a file already imported is skipped. Returns how many were added."""
    from spf_desktop.paths import resource

    folder = resource("demo", "benchmarks")
    added = 0
    for file in sorted(folder.glob("*.spfbench")):
        added += not import_file(db, file).duplicate
    return added
