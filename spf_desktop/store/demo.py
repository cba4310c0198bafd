"""The East Midlands SPF story (2017-2019), written into an archive.

Deterministic: the same seed gives the same archive. Scores are generated
around each round's target means, then nudged so that every exact target in
the story holds to the decimal (baseline average 6.02, 2019 average 8.61).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta

from sqlite_utils import Database

from spf_desktop.domain.questions import load_question_set
from spf_desktop.domain.scoring import SCORE_MAX, SCORE_MIN
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.domain.ways import ways_of_working_json
from spf_desktop.paths import resource
from spf_desktop.store import repo
from spf_desktop.store.shipped import install_shipped_sets, shipped_set_id

DEMO_NAMESPACE = uuid.UUID("6f1c9c2e-2f57-4a43-9d0e-6a3c7c1d2b10")
SYNTHETIC_FORUM = "Synthetic benchmark forum"


def _id(*parts: object) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(map(str, parts))))


def _keygen(rng: random.Random) -> Callable[[], str]:
    return lambda: f"{rng.getrandbits(128):032x}"


def _scores_for(
    rng: random.Random, sides: list[str], mean: float, gap: float, answering: int, exact: bool
) -> list[int | None]:
    """Scores for one question: one per respondent, None for a skip."""
    n = len(sides)
    bias = {"staff": -gap / 2, "management": gap / 2, "undisclosed": 0.0}
    scores: list[int | None] = [
        min(SCORE_MAX, max(SCORE_MIN, round(rng.gauss(mean + bias[s], 1.3)))) for s in sides
    ]
    skipped = set(rng.sample(range(n), n - answering))
    for i in skipped:
        scores[i] = None
    target = round(mean * answering)
    live = [i for i in range(n) if i not in skipped]
    total = sum(scores[i] for i in live)  # type: ignore[misc]
    while total != target:
        step = 1 if total < target else -1
        i = rng.choice(live)
        value = scores[i] + step  # type: ignore[operator]
        if SCORE_MIN <= value <= SCORE_MAX:
            scores[i] = value
            total += step
    if exact:
        assert abs(sum(scores[i] for i in live) / answering - mean) < 1e-9  # type: ignore[misc]
    return scores


def _write_round(db: Database, forum_id: str, set_id: str, spec: dict, meeting_id: str | None,
                 bench_id: str | None) -> str:
    round_id = _id("round", spec["label"])
    repo.create_round(
        db, forum_id, set_id, spec["label"], spec["date"], benchmark_id=bench_id,
        meeting_id=meeting_id, status=RoundStatus.CLOSED, id=round_id,
    )
    rng = random.Random(spec["seed"])
    sides = [side for side, count in spec["sides"].items() for _ in range(count)]
    rng.shuffle(sides)
    qs = repo.questions(db, set_id)
    exact = "exact_means" in spec
    means = spec.get("exact_means") or spec["target_means"]
    skips = spec.get("skips", {})
    per_q = {
        q["key"]: _scores_for(
            rng, sides, means[q["key"]], spec.get("side_gap", 0.0),
            len(sides) - skips.get(q["key"], 0), exact,
        )
        for q in qs
    }
    comments: dict[tuple[int, str], str] = {}
    for key, text in spec.get("comments", []):
        who = rng.choice([i for i in range(len(sides)) if per_q[key][i] is not None and (i, key) not in comments])
        comments[(who, key)] = text
    keygen = _keygen(rng)
    for i, side in enumerate(sides):
        answers = {
            q["id"]: repo.Answer(per_q[q["key"]][i], comments.get((i, q["key"]), ""))
            for q in qs
        }
        repo.add_response(db, round_id, answers, side=side, key=keygen(), require_open=False)
    if "screened_comments" in db.table("rounds").columns_dict:  # absent in an archive of schema < 5
        from spf_desktop.store.audit import mark_screened

        mark_screened(db, round_id)  # the story's comments hold no names to redact
    return round_id


def _write_meeting(db: Database, forum_id: str, spec: dict, ways: list) -> str:
    meeting_id = _id("meeting", spec["key"])
    with db.atomic():
        db.table("meetings").insert({
            "id": meeting_id, "forum_id": forum_id, "title": spec["title"], "date": spec["date"],
            "venue": spec["venue"], "start_time": spec["start_time"],
            "planned_end": spec["planned_end"], "seating": spec["seating"],
            "ways_of_working": ways_of_working_json(ways), "notes": "", "is_template": 0,
        })
        previous: str | None = None
        for n, sec in enumerate(spec["sections"], start=1):
            section_id = _id("section", spec["key"], n)
            actual = sec.get("actual") or [None, None]
            db.table("agenda_sections").insert({
                "id": section_id, "meeting_id": meeting_id, "position": n, "type": sec["type"],
                "title": sec["title"], "question": sec["question"],
                "outcome_sought": sec.get("outcome", ""), "duration_min": sec["minutes"],
                "lead": sec["lead"], "notes": sec.get("notes", ""),
                "params": json.dumps(sec.get("params", {})), "pinned_time": None,
                "parallel_with": previous if sec.get("parallel") else None,
                "actual_start": f"{spec['date']}T{actual[0]}" if actual[0] else None,
                "actual_end": f"{spec['date']}T{actual[1]}" if actual[1] else None,
            })
            previous = section_id
        for table, key in (("outcomes", "outcomes"), ("decisions", "decisions")):
            db.table(table).insert_all(
                {"id": _id(table, spec["key"], n), "meeting_id": meeting_id, "section_id": None,
                 "text": text}
                for n, text in enumerate(spec[key], start=1)
            )
        db.table("actions").insert_all(
            {"id": _id("action", spec["key"], n), "meeting_id": meeting_id, "section_id": None,
             "text": a["text"], "owner": a["owner"], "due_date": a["due"], "status": a["status"],
             "done_on": a["due"] if a["status"] == "done" else None}
            for n, a in enumerate(spec["actions"], start=1)
        )
    return meeting_id


def write_demo(db: Database) -> str:
    """Write the East Midlands story; returns the forum id. Refuses to write it twice."""
    story = json.loads(resource("demo", "east_midlands.json").read_text(encoding="utf-8"))
    forum = story["forum"]
    forum_id = _id("forum", forum["name"])
    if repo.get(db, "forums", forum_id):
        return forum_id
    with db.atomic():
        repo.create_forum(
            db, forum["name"], ways_of_working=forum["ways_of_working"], region=forum["region"],
            protective_marking=forum["protective_marking"], created_on=forum["created_on"],
            id=forum_id,
        )
        # The shipped set, which every archive holds from its first migration.
        install_shipped_sets(db)
        set_id = shipped_set_id()
        bench = story["benchmark"]
        bench_id = repo.create_benchmark(
            db, bench["label"], bench["value"], forum_id=forum_id, id=_id("benchmark", 1)
        )
        meeting_ids = {
            m["key"]: _write_meeting(db, forum_id, m, forum["ways_of_working"])
            for m in story["meetings"]
        }
        for m in story["meetings"]:
            if m.get("template"):
                _write_template(db, meeting_ids[m["key"]], m["template"])
        for spec in story["rounds"]:
            _write_round(db, forum_id, set_id, spec, meeting_ids.get(spec.get("meeting")), bench_id)
    return forum_id


def _write_template(db: Database, meeting_id: str, name: str) -> None:
    """Save a copy of a meeting as a template (no date, no actual times, no outcomes)."""
    template_id = _id("template", meeting_id)
    meeting = repo.get(db, "meetings", meeting_id)
    assert meeting is not None
    db.table("meetings").insert({**meeting, "id": template_id, "title": name, "date": None,
                           "venue": "", "is_template": 1, "forum_id": None})
    for sec in db.query("SELECT * FROM agenda_sections WHERE meeting_id = ? ORDER BY position",
                        [meeting_id]):
        db.table("agenda_sections").insert({
            **sec, "id": _id("template-section", sec["id"]), "meeting_id": template_id,
            "actual_start": None, "actual_end": None, "parallel_with": None,
        })


def write_synthetic(db: Database, rounds: int, respondents: int, *, seed: int = 7) -> str:
    """A large forum for benchmarks: ``rounds`` rounds of ``respondents`` each."""
    rng = random.Random(seed)
    forum_id = _id("forum", SYNTHETIC_FORUM, rounds, respondents)
    if repo.get(db, "forums", forum_id):
        return forum_id
    qs = load_question_set(resource("question_sets", "partnership_behaviours.json"))
    counter = iter(range(1_000_000))
    with db.atomic():
        repo.create_forum(db, f"{SYNTHETIC_FORUM} ({rounds} x {respondents})", id=forum_id)
        set_id = repo.install_question_set(
            db, qs, id_factory=lambda: _id("synthetic-set", forum_id, next(counter))
        )
        qids = [q["id"] for q in repo.questions(db, set_id)]
        start = date(2000, 1, 1)
        keygen = _keygen(rng)
        sides = ("staff", "management", "undisclosed")
        for r in range(rounds):
            round_id = _id("synthetic-round", forum_id, r)
            db.table("rounds").insert({
                "id": round_id, "forum_id": forum_id, "question_set_id": set_id,
                "label": f"Round {r + 1}", "date": (start + timedelta(days=30 * r)).isoformat(),
                "status": RoundStatus.CLOSED, "min_group_size": 5,
            })
            level = 5 + 3 * (r / max(rounds - 1, 1))
            responses = []
            answers = []
            for _ in range(respondents):
                key = keygen()
                responses.append({"key": key, "round_id": round_id, "side": rng.choice(sides)})
                for qid in qids:
                    skip = rng.random() < 0.03
                    score = None if skip else min(SCORE_MAX, max(SCORE_MIN, round(rng.gauss(level, 1.5))))
                    answers.append({"response_key": key, "question_id": qid, "score": score,
                                    "comment": None})
            db.table("responses").insert_all(responses)
            db.table("answers").insert_all(answers, batch_size=1000)
    return forum_id
