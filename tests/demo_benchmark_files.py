"""Make the demo's synthetic benchmark files (resources/demo/benchmarks/*.spfbench).

The forums and their figures are made up: each file's name says "synthetic", and
the figures are drawn around a target average per round with a fixed seed, so
running this again gives the same files. Run from the project folder::

    python tests/demo_benchmark_files.py
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spf_desktop.io.benchmark_file import FORMAT, FORMAT_VERSION  # noqa: E402
from spf_desktop.io.merge import checksum  # noqa: E402
from spf_desktop.store import Archive, repo  # noqa: E402
from spf_desktop.store.shipped import shipped_set_id  # noqa: E402

#: Forum label, then the target average of each round (dates below): "approximately
#: seven or eight", as the East Midlands story has it.
FORUMS = [
    ("North East SPF (synthetic)", (7.1, 7.3, 7.6)),
    ("North West SPF (synthetic)", (7.6, 7.7, 7.9)),
    ("Yorkshire and Humber SPF (synthetic)", (6.9, 7.2, 7.4)),
    ("West Midlands SPF (synthetic)", (7.4, 7.5, 7.8)),
    ("East of England SPF (synthetic)", (7.9, 8.0, 8.2)),
    ("South West SPF (synthetic)", (7.2, 7.0, 7.5)),
    ("South East SPF (synthetic)", (8.1, 8.2, 8.4)),
]
DATES = ("2016-11-10", "2017-10-12", "2019-01-17")
EXPORTED_ON = "2019-02-01"
OUT = ROOT / "resources" / "demo" / "benchmarks"


def _question_set() -> tuple[dict, list[dict]]:
    """The shipped question set, as an archive installs it."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, \
            Archive.open(Path(tmp) / "a.db", create=True) as archive:
        qs = repo.require(archive.db, "question_sets", shipped_set_id())
        return qs, [{"key": q["key"], "text": q["text"]}
                    for q in repo.questions(archive.db, qs["id"])]


def _file(n: int, name: str, targets: tuple[float, ...], lineage: str, version: int,
          set_name: str, questions: list[dict]) -> dict:
    rng = random.Random(f"synthetic-benchmark-{n}")
    source_id = hashlib.sha256(f"synthetic:{name}".encode()).hexdigest()[:32]
    rounds = []
    for day, target in zip(DATES, targets, strict=True):
        responses = rng.randint(14, 26)
        entries = []
        for q in questions:
            skips = rng.choice((0, 0, 0, 1, 2))
            count = responses - skips
            centre = target + rng.uniform(-0.8, 0.8)
            dist = [0] * 11
            for _ in range(count):
                dist[min(10, max(0, round(rng.gauss(centre, 1.4))))] += 1
            entries.append({"key": q["key"], "count": count, "skips": skips,
                            "distribution": dist, "by_side": None})
        rounds.append({"id": hashlib.sha256(f"{source_id}:{day}".encode()).hexdigest()[:32],
                       "date": day, "question_set": {"lineage": lineage, "version": version},
                       "min_group": 5, "responses": responses, "sides": None,
                       "questions": entries})
    content = {"id": hashlib.sha256(f"file:{source_id}".encode()).hexdigest()[:32],
               "source": {"id": source_id, "name": name}, "exported_on": EXPORTED_ON,
               "app_version": "synthetic",
               "question_sets": [{"lineage": lineage, "version": version, "name": set_name,
                                  "questions": questions}],
               "rounds": rounds}
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": checksum(content),
            "content": content}


def main() -> None:
    qs, questions = _question_set()
    OUT.mkdir(parents=True, exist_ok=True)
    for n, (name, targets) in enumerate(FORUMS, start=1):
        doc = _file(n, name, targets, qs["lineage"], qs["version"], qs["name"], questions)
        stem = name.split(" SPF")[0].lower().replace(" ", "_")
        (OUT / f"synthetic_{stem}.spfbench").write_text(
            json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
