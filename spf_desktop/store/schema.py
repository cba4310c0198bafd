"""The archive's schema, as a list of migrations applied in order.

Each migration runs in its own transaction (sqlite-utils ``Migrations``);
``PRAGMA user_version`` then records how many this app knows, so an archive
made by a newer app (a higher number, or a migration this app does not know)
is refused. New migrations are appended at the end of this file, never edited
once released.

Table names are plain so any SQLite tool reads the file as it is. Ids are
random UUIDs, so records made on different laptops merge without clashes.
Responses carry no name, no device id and no clock time: only the round has a
date. They are keyed by a random key in a WITHOUT ROWID table, so the order in
which people answered cannot be read back.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


class _Migrations(Migrations):
    def names(self) -> list[str]:
        return [m.name for m in self._migrations]


MIGRATIONS = _Migrations("spf_desktop")


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE forums (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            region TEXT,
            protective_marking TEXT,
            ways_of_working TEXT NOT NULL DEFAULT '[]',   -- JSON: [{"name", "description"}]
            created_on TEXT
        );

        CREATE TABLE question_sets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            lineage TEXT NOT NULL,              -- shared by every version of one set
            source_note TEXT NOT NULL DEFAULT '',
            low_label TEXT NOT NULL DEFAULT 'Not at all',
            high_label TEXT NOT NULL DEFAULT 'Completely',
            side_question TEXT NOT NULL DEFAULT 'Which side of the partnership are you on?',
            forum_id TEXT REFERENCES forums(id),
            UNIQUE (lineage, version)
        );

        CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            question_set_id TEXT NOT NULL REFERENCES question_sets(id),
            position INTEGER NOT NULL,
            key TEXT NOT NULL,                  -- stable across versions, for comparisons
            text TEXT NOT NULL CHECK (length(trim(text)) > 0),
            UNIQUE (question_set_id, position),
            UNIQUE (question_set_id, key)
        );

        CREATE TABLE benchmarks (
            id TEXT PRIMARY KEY,
            forum_id TEXT REFERENCES forums(id),
            label TEXT NOT NULL,
            value REAL NOT NULL CHECK (value BETWEEN 0 AND 10)
        );

        CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            forum_id TEXT REFERENCES forums(id),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            date TEXT,                          -- YYYY-MM-DD
            venue TEXT NOT NULL DEFAULT '',
            start_time TEXT NOT NULL DEFAULT '10:00',   -- HH:MM
            planned_end TEXT NOT NULL DEFAULT '13:00',
            seating TEXT NOT NULL DEFAULT 'cabaret'
                CHECK (seating IN ('cabaret', 'boardroom', 'horseshoe', 'circle')),
            ways_of_working TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            is_template INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE rounds (
            id TEXT PRIMARY KEY,
            forum_id TEXT NOT NULL REFERENCES forums(id),
            question_set_id TEXT NOT NULL REFERENCES question_sets(id),
            meeting_id TEXT REFERENCES meetings(id),
            label TEXT NOT NULL CHECK (length(trim(label)) > 0),
            date TEXT NOT NULL,                 -- YYYY-MM-DD: the only time kept
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
            min_group_size INTEGER NOT NULL DEFAULT 5 CHECK (min_group_size >= 3),
            benchmark_id TEXT REFERENCES benchmarks(id),
            redactions INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE responses (
            key TEXT PRIMARY KEY,               -- random: no order to read back
            round_id TEXT NOT NULL REFERENCES rounds(id),
            side TEXT CHECK (side IN ('staff', 'management', 'undisclosed'))
        ) WITHOUT ROWID;

        CREATE TABLE answers (
            response_key TEXT NOT NULL REFERENCES responses(key) ON DELETE CASCADE,
            question_id TEXT NOT NULL REFERENCES questions(id),
            score INTEGER CHECK (score BETWEEN 0 AND 10),   -- NULL: skipped
            comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000),
            PRIMARY KEY (response_key, question_id)
        ) WITHOUT ROWID;

        CREATE TABLE agenda_sections (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            question TEXT NOT NULL DEFAULT '',  -- the item posed as a question
            outcome_sought TEXT NOT NULL DEFAULT '',
            duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 720),
            lead TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',      -- private: never on the audience screen
            params TEXT NOT NULL DEFAULT '{}',   -- JSON: the section type's parameters
            pinned_time TEXT,                    -- HH:MM
            parallel_with TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            actual_start TEXT,
            actual_end TEXT
        );

        CREATE TABLE outcomes (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL
        );

        CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL
        );

        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            section_id TEXT REFERENCES agenda_sections(id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            due_date TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            done_on TEXT
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE INDEX questions_by_set ON questions(question_set_id, position);
        CREATE INDEX rounds_by_forum ON rounds(forum_id, date);
        CREATE INDEX responses_by_round ON responses(round_id);
        CREATE INDEX answers_by_question ON answers(question_id);
        CREATE INDEX meetings_by_forum ON meetings(forum_id, date);
        CREATE INDEX sections_by_meeting ON agenda_sections(meeting_id, position);
        CREATE INDEX actions_by_meeting ON actions(meeting_id, status);

        -- Views for anyone reading the file with another SQLite tool.
        CREATE VIEW question_results AS
            SELECT r.id AS round_id, r.label AS round_label, r.date AS round_date,
                   q.position, q.key, q.text AS question,
                   count(a.score) AS answered,
                   sum(a.score IS NULL AND a.response_key IS NOT NULL) AS skipped,
                   round(avg(a.score), 2) AS mean
            FROM rounds r
            JOIN questions q ON q.question_set_id = r.question_set_id
            LEFT JOIN responses s ON s.round_id = r.id
            LEFT JOIN answers a ON a.response_key = s.key AND a.question_id = q.id
            GROUP BY r.id, q.id;

        CREATE VIEW round_results AS
            SELECT round_id, round_label, round_date,
                   round(avg(mean), 2) AS overall_average
            FROM question_results
            GROUP BY round_id;
        """
    )


SCHEMA_VERSION = len(MIGRATIONS.names())


def run_script(db: Database, script: str) -> None:
    """Run statements one by one, inside the caller's transaction.

    (``executescript`` would commit first and break the migration's atomicity.)
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip() and not pending.strip().startswith("--"):
        raise ValueError(f"Unfinished SQL statement: {pending!r}")


def migrate(db: Database) -> None:
    """Apply pending migrations, each in its own transaction, then record the version."""
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
