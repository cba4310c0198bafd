"""The national view: build it from 200 forums x 10 years x 2 rounds, query it through Datasette.

Prints the build time (goal: under 30 s), the time of one canned query through
Datasette's JSON API (goal: under 200 ms; median of 20 after a first call), and
the size of the database. The benchmark files are synthetic, written here.

    python tests/benchmarks/bench_national.py [--forums 200] [--years 10]
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from spf_desktop.io.benchmark_file import FORMAT, FORMAT_VERSION  # noqa: E402
from spf_desktop.io.merge import checksum  # noqa: E402
from spf_desktop.io.national import build  # noqa: E402
from spf_desktop.paths import resource  # noqa: E402


def write_files(folder: Path, forums: int, years: int) -> list[Path]:
    template = json.loads(next(resource("demo", "benchmarks").glob("*.spfbench"))
                          .read_text(encoding="utf-8"))["content"]
    keys = [q["key"] for q in template["question_sets"][0]["questions"]]
    files = []
    for f in range(forums):
        rng = random.Random(f)
        rounds = []
        for y in range(years):
            for half in (1, 7):
                n = rng.randint(10, 40)
                questions = []
                for key in keys:
                    dist = [0] * 11
                    for _ in range(n):
                        dist[min(10, max(0, round(rng.gauss(7.2, 1.6))))] += 1
                    questions.append({"key": key, "count": n, "skips": 0, "distribution": dist,
                                      "by_side": None})
                rounds.append({"id": f"{f}-{y}-{half}", "date": f"{2010 + y}-{half:02d}-15",
                               "question_set": template["rounds"][0]["question_set"],
                               "min_group": 5, "responses": n, "sides": None,
                               "questions": questions})
        content = dict(template, id=f"file-{f}", source={"id": f"forum-{f}",
                                                         "name": f"Forum {f} (synthetic)"},
                       rounds=rounds)
        path = folder / f"forum_{f}.spfbench"
        path.write_text(json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION,
                                    "sha256": checksum(content), "content": content}),
                        encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forums", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_files(folder, args.forums, args.years)
        out = folder / "national.db"
        start = time.perf_counter()
        build(files, out)
        built = time.perf_counter() - start
        print(f"build: {args.forums} forums x {args.years} years x 2 rounds "
              f"({len(files)} files): {built:.2f} s (goal < 30 s)")
        print(f"national db size: {out.stat().st_size / 1e6:.1f} MB")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(out), "-m",
                                 str(folder / "metadata.json"), "-h", "127.0.0.1", "-p",
                                 str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            for name in ("forums_by_overall_average", "each_question_across_forums",
                         "change_since_last_round"):
                url = f"{base}/national/{name}.json?_shape=array"
                urllib.request.urlopen(url, timeout=30).read()
                times = []
                for _ in range(20):
                    t0 = time.perf_counter()
                    urllib.request.urlopen(url, timeout=30).read()
                    times.append((time.perf_counter() - t0) * 1000)
                print(f"canned query {name}: median {statistics.median(times):.0f} ms, "
                      f"max {max(times):.0f} ms (goal < 200 ms)")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
