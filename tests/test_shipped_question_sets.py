"""A new archive can run an audit on its first day: the shipped question set is in
every archive, from a migration, not from the demo."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from spf_desktop.paths import resource
from spf_desktop.store import Archive, audit
from spf_desktop.store.shipped import shipped_set_id


def shipped_texts() -> list[str]:
    doc = json.loads(resource("question_sets", "partnership_behaviours.json")
                     .read_text(encoding="utf-8"))
    return [q["text"] for q in doc["questions"]]


def test_a_new_empty_archive_holds_the_shipped_set(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        sets = audit.question_sets(arch.db)
        assert [s["name"] for s in sets] == ["Partnership behaviours"]
        texts = [q.text for q in audit.load_set(arch.db, sets[0]["id"]).questions]
        assert texts == shipped_texts()
        assert len(texts) == 10


def test_every_laptop_gives_the_shipped_set_the_same_id(tmp_path: Path) -> None:
    ids = []
    for name in ("laptop-a.db", "laptop-b.db"):
        with Archive.open(tmp_path / name, create=True) as arch:
            ids.append(sorted(r[0] for r in arch.db.execute(
                "SELECT id FROM question_sets UNION ALL SELECT id FROM questions")))
    assert ids[0] == ids[1]
    assert shipped_set_id() in ids[0]


def test_an_older_archive_with_no_set_gets_it_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    Archive.open(path, create=True).close()
    with sqlite3.connect(path) as conn:  # as an archive made before sets shipped
        conn.execute("DELETE FROM questions")
        conn.execute("DELETE FROM question_sets")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_shipped_question_sets'")
        conn.execute("PRAGMA user_version = 5")
    conn.close()
    with Archive.open(path) as arch:
        assert [s["name"] for s in audit.question_sets(arch.db)] == ["Partnership behaviours"]


def test_an_archive_that_has_its_own_set_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "own.db"
    Archive.open(path, create=True).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE question_sets SET name = 'Our own version'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_shipped_question_sets'")
        conn.execute("PRAGMA user_version = 5")
    conn.close()
    with Archive.open(path) as arch:
        assert [s["name"] for s in audit.question_sets(arch.db)] == ["Our own version"]
